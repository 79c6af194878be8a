package dev.pipeline.router.failover;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;

import org.jboss.logging.Logger;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import dev.pipeline.envelope.CloudEvent;
import dev.pipeline.envelope.CloudEventJson;
import dev.pipeline.envelope.RouterHeartbeat;
import dev.pipeline.infra.KafkaBroker;
import dev.pipeline.infra.TcpFaultProxy;
import dev.pipeline.infra.testing.InjectKafkaBroker;
import dev.pipeline.infra.testing.KafkaBrokerResource;
import dev.pipeline.router.InternalApi;
import dev.pipeline.router.health.SinkHealths;
import dev.pipeline.router.routing.RoutingPolicy;
import dev.pipeline.router.routing.RoutingState;
import dev.pipeline.router.routing.Transition;
import dev.pipeline.router.sink.EventSink;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;

/**
 * Failover and failback against the real broker and the real Kinesis emulator, with faults injected while
 * producers write: a hung Kinesis (SIGSTOP), a Kinesis refusing connections, a dead Kafka, both dead.
 */
@QuarkusTest
@TestProfile(FastFailoverProfile.class)
@WithTestResource(value = KafkaBrokerResource.class, parallel = true)
@WithTestResource(value = FaultyKinesisResource.class, parallel = true)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FailoverTest {

    private static final Logger LOG = Logger.getLogger(FailoverTest.class);

    @InjectKafkaBroker
    KafkaBroker kafka;

    FaultyKinesis kinesis;

    @Inject
    RoutingPolicy policy;

    @Inject
    SinkHealths health;

    @Inject
    MeterRegistry registry;

    @TestHTTPResource("/v1/events")
    URI writeUri;

    @org.junit.jupiter.api.BeforeEach
    void awaitPrimary() {
        // the emulator's first writes can be slow enough to cause a (harmless, lossless) failover; faults are
        // injected only from PRIMARY so each test sees the transitions it caused
        await().atMost(Duration.ofSeconds(30)).until(() -> policy.machine().state() == RoutingState.PRIMARY);
    }

    /**
     * PRIMARY, and past the router's Kinesis lease by a second: a router back in PRIMARY writes to Kafka until its
     * lease ends, and the freeze must find recent writes on Kinesis.
     */
    void awaitWritingToKinesisForASecond() {
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            if (policy.machine().state() != RoutingState.PRIMARY) {
                return false;
            }
            String writesFrom = given().when().get("/v1/routing").then().extract().path("kinesisWritesFrom");
            return writesFrom == null || Instant.parse(writesFrom).plusSeconds(1).isBefore(Instant.now());
        });
    }

    @Test
    @Order(1)
    void aHungKinesisMovesWritesToKafkaAndBackAfterTheFailbackPeriodLosingNothing() throws Exception {
        try (KeyedProducers producers = new KeyedProducers(writeUri, "hang", 3)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> producers.acks() >= 30);
            awaitWritingToKinesisForASecond();
            Instant frozen = Instant.now();
            kinesis.emulator().process().freeze();
            try {
                await().atMost(Duration.ofSeconds(10)).until(() -> EventSink.KAFKA.equals(policy.target()));
                LOG.infof("failover measured: %d ms from freezing Kinesis to routing writes to Kafka",
                        Duration.between(frozen, firstTransitionAfter(frozen, RoutingState.FAILING_OVER).time()).toMillis());
                int acksAtFailover = producers.acks();
                await().atMost(Duration.ofSeconds(20)).until(() -> producers.acks() >= acksAtFailover + 30);
            } finally {
                kinesis.emulator().process().thaw();
            }
            Instant thawed = Instant.now();
            await().atMost(Duration.ofSeconds(30)).until(() -> policy.machine().state() == RoutingState.PRIMARY);
            Transition recovering = firstTransitionAfter(thawed, RoutingState.RECOVERING);
            Transition primary = firstTransitionAfter(thawed, RoutingState.PRIMARY);
            long failbackMs = Duration.between(recovering.time(), primary.time()).toMillis();
            LOG.infof("failback measured: %d ms after Kinesis answered again (%d ms after SIGCONT)", failbackMs,
                    Duration.between(thawed, primary.time()).toMillis());
            assertTrue(failbackMs >= FastFailoverProfile.FAILBACK_AFTER_MS, "hysteresis respected: " + failbackMs);
            int acksAtFailback = producers.acks();
            await().atMost(Duration.ofSeconds(20)).until(() -> producers.acks() >= acksAtFailback + 10);
            producers.close();
            assertNothingLostAndKeysInOrder(producers);
            assertRecentKinesisWritesCopiedToKafka(firstTransitionAfter(frozen, RoutingState.FAILING_OVER).time());
            assertWhatTheHungKinesisStoredLateHasMarkedCopies(thawed, primary.time());
        }
    }

    @Test
    @Order(2)
    void aKinesisRefusingConnectionsMovesWritesToKafkaLosingNothing() throws Exception {
        try (KeyedProducers producers = new KeyedProducers(writeUri, "refuse", 3)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> producers.acks() >= 20);
            awaitPrimary();
            kinesis.proxy().mode(TcpFaultProxy.Mode.REFUSE);
            try {
                await().atMost(Duration.ofSeconds(10)).until(() -> EventSink.KAFKA.equals(policy.target()));
                int acksAtFailover = producers.acks();
                await().atMost(Duration.ofSeconds(20)).until(() -> producers.acks() >= acksAtFailover + 20);
            } finally {
                kinesis.proxy().mode(TcpFaultProxy.Mode.PASS);
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> policy.machine().state() == RoutingState.PRIMARY);
            producers.close();
            assertNothingLostAndKeysInOrder(producers);
        }
    }

    @Test
    @Order(3)
    void aDeadKafkaChangesNothingWhileKinesisIsHealthyBothDeadMeans503AndKafkaBackMeansFailover() {
        kafka.process().freeze();
        boolean kafkaFrozen = true;
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> !health.kafka().writable());
            assertEquals(RoutingState.PRIMARY, policy.machine().state());
            write("kafka-dead-1").then().statusCode(200).body("sink", equalTo("kinesis"));

            kinesis.emulator().process().freeze();
            try {
                await().atMost(Duration.ofSeconds(10)).until(() -> !health.kinesis().writable());
                write("both-dead-1").then().statusCode(503).header("Retry-After", notNullValue())
                        .contentType("application/problem+json");
                given().when().get("/q/health/ready").then().statusCode(503);
                // no failover to a Kafka that cannot take the writes: they would wait out its delivery timeout
                assertNotNull(policy.machine().failoverWithheld());
                await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3))
                        .until(() -> policy.machine().state() == RoutingState.PRIMARY);
                given().when().get("/v1/routing").then().body("failoverWithheld", notNullValue());

                kafka.process().thaw();
                kafkaFrozen = false;
                // Kafka is back while Kinesis still hangs: the next Kinesis failure signal moves writes to Kafka
                await().atMost(Duration.ofSeconds(10)).until(() -> EventSink.KAFKA.equals(policy.target()));
                write("kafka-back-1").then().statusCode(200).body("sink", equalTo("kafka"));
            } finally {
                kinesis.emulator().process().thaw();
            }
            // Kinesis is back: writes return to it after the failback period, without any restart
            await().atMost(Duration.ofSeconds(20)).until(() -> policy.machine().state() == RoutingState.PRIMARY);
            given().when().get("/q/health/ready").then().statusCode(200);
        } finally {
            if (kafkaFrozen) {
                kafka.process().thaw();
            }
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> health.kafka().writable());
    }

    @Test
    @Order(4)
    void theOverrideIsAuthenticatedRefusesADeadSinkUnlessForcedAndIsAudited() {
        // other test classes of this profile share the application and its counters: count this test's overrides
        double forcedBefore = registry.counter("router.overrides", "mode", "kafka", "forced", "true").count();
        double autoBefore = registry.counter("router.overrides", "mode", "auto", "forced", "false").count();
        given().contentType("application/json").body("{\"mode\":\"kafka\"}")
                .when().put("/v1/routing/override").then().statusCode(401).contentType("application/problem+json");
        given().contentType("application/json").body("{\"mode\":\"kafka\"}").header("Authorization", "Bearer wrong")
                .when().put("/v1/routing/override").then().statusCode(403).contentType("application/problem+json");

        kafka.process().freeze();
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> !health.kafka().writable());
            override("{\"mode\":\"kafka\"}").then().statusCode(409)
                    .body("type", equalTo("https://pipeline.dev/problems/sink-unhealthy"));
            assertEquals("auto", given().when().get("/v1/routing").then().extract().path("mode"));
            override("{\"mode\":\"kafka\",\"force\":true}").then().statusCode(200).body("mode", equalTo("kafka"));
        } finally {
            kafka.process().thaw();
        }
        override("{\"mode\":\"auto\"}").then().statusCode(200).body("mode", equalTo("auto")).body("target", equalTo("kinesis"));
        override("{\"mode\":\"sideways\"}").then().statusCode(400);
        assertEquals(forcedBefore + 1, registry.counter("router.overrides", "mode", "kafka", "forced", "true").count());
        assertEquals(autoBefore + 1, registry.counter("router.overrides", "mode", "auto", "forced", "false").count());
    }

    @Test
    @Order(5)
    void aMoveBackToKinesisWaitsForTheLastLeaseTheRouterWroteToKafka() {
        override("{\"mode\":\"kafka\"}").then().statusCode(200);
        String router = given().when().get("/v1/routing").then().extract().path("router");
        await().atMost(Duration.ofSeconds(10)).until(() -> StoredEvents.heartbeatsInKafka(kafka).stream()
                .anyMatch(beat -> beat.router().equals(router) && beat.kinesisQuietUntil() != null
                        && beat.kinesisQuietUntil().isAfter(Instant.now()))); // a lease that runs now

        override("{\"mode\":\"auto\"}").then().statusCode(200).body("target", equalTo("kinesis"));
        write("lease-first").then().statusCode(200).body("sink", equalTo("kafka")); // within the running lease
        List<String> ids = new ArrayList<>();
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).until(() -> {
            String id = "lease-" + ids.size();
            ids.add(id);
            return "kinesis".equals(write(id).then().statusCode(200).extract().path("sink"));
        });

        Instant lastLease = StoredEvents.heartbeatsInKafka(kafka).stream().filter(beat -> beat.router().equals(router))
                .map(RouterHeartbeat::kinesisQuietUntil).filter(Objects::nonNull).max(Instant::compareTo).orElseThrow();
        Instant firstOnKinesis = StoredEvents.arrivalsInKinesis(kinesis.emulator()).get(ids.get(ids.size() - 1));
        assertTrue(firstOnKinesis.toEpochMilli() >= lastLease.toEpochMilli(),
                "stored in Kinesis at " + firstOnKinesis + ", before the lease to " + lastLease + " ended");
    }

    @Test
    @Order(6)
    void aKafkaFailingWhileKinesisRecoversMovesWritesBackToKinesisBeforeTheFailbackPeriod() {
        kinesis.emulator().process().freeze();
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> EventSink.KAFKA.equals(policy.target()));
        } finally {
            kinesis.emulator().process().thaw();
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> policy.machine().state() == RoutingState.RECOVERING);
        Instant recovering = Instant.now();
        kafka.process().freeze();
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> policy.machine().state() == RoutingState.PRIMARY);
            Transition primary = firstTransitionAfter(recovering, RoutingState.PRIMARY);
            // not the failback period ending: the Kafka failure itself moved writes back
            assertTrue(primary.reason().startsWith("Kafka failed"), primary.reason());
        } finally {
            kafka.process().thaw();
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> health.kafka().writable());
    }

    private io.restassured.response.Response override(String body) {
        return given().contentType("application/json").body(body)
                .header("Authorization", "Bearer " + FastFailoverProfile.ADMIN_TOKEN)
                .when().put("/v1/routing/override");
    }

    private io.restassured.response.Response write(String id) {
        CloudEvent event = CloudEventJson.parse("{\"specversion\":\"1.0\",\"id\":\"" + id
                + "\",\"source\":\"/failover-test\",\"type\":\"test\"}");
        return given().header("Authorization", InternalApi.AUTHORIZATION)
                .contentType(CloudEventJson.BATCH_MEDIA_TYPE).body(CloudEventJson.writeBatch(List.of(event)))
                .when().post("/v1/events");
    }

    private Transition firstTransitionAfter(Instant after, RoutingState to) {
        List<Transition> oldestFirst = new ArrayList<>(policy.machine().transitions());
        java.util.Collections.reverse(oldestFirst);
        return oldestFirst.stream().filter(t -> t.to() == to && !t.time().isBefore(after)).findFirst()
                .orElseThrow(() -> new AssertionError("no transition to " + to + " after " + after + ": " + oldestFirst));
    }

    /** Every acknowledged event is in Kinesis or Kafka, and within each sink a key's events are in order. */
    private void assertNothingLostAndKeysInOrder(KeyedProducers producers) {
        List<CloudEvent> inKinesis = StoredEvents.inKinesis(kinesis.emulator());
        List<CloudEvent> inKafka = StoredEvents.inKafka(kafka);
        Set<String> stored = new HashSet<>();
        Stream.concat(inKinesis.stream(), inKafka.stream()).forEach(e -> stored.add(e.id()));
        int checked = 0;
        for (Map.Entry<String, List<Integer>> key : producers.acknowledged().entrySet()) {
            for (int sequence : key.getValue()) {
                assertTrue(stored.contains(KeyedProducers.idOf(key.getKey(), sequence)),
                        "acknowledged but not stored: " + KeyedProducers.idOf(key.getKey(), sequence));
                checked++;
            }
            assertInOrder(key.getKey(), inKinesis);
            assertInOrder(key.getKey(), inKafka);
        }
        assertEquals(producers.acks(), checked);
        assertTrue(inKafka.stream().anyMatch(e -> producers.acknowledged().containsKey(e.partitionKey())),
                "some events went to Kafka");
    }

    /** What Kinesis stored in the 2 s before a failover is in Kafka too, so delivery need not wait for Kinesis for it. */
    /**
     * The writes Kinesis did not answer while it hung were rewritten to Kafka; the emulator stores them when it thaws
     * (between the thaw and the failback, when nothing else writes to it). Each must have a marked copy in Kafka, so
     * delivery treats the late original as a duplicate.
     */
    private void assertWhatTheHungKinesisStoredLateHasMarkedCopies(Instant thawed, Instant failback) {
        Set<String> marked = StoredEvents.markedCopiesInKafka(kafka);
        List<String> storedLate = StoredEvents.arrivalsInKinesis(kinesis.emulator()).entrySet().stream()
                .filter(arrival -> !arrival.getValue().isBefore(thawed) && arrival.getValue().isBefore(failback))
                .map(Map.Entry::getKey).toList();
        LOG.infof("stored by Kinesis after the thaw, before the failback: %d", storedLate.size());
        List<String> unmarked = storedLate.stream().filter(id -> !marked.contains(id)).toList();
        assertTrue(unmarked.isEmpty(), "stored by the thawed Kinesis without a marked copy in Kafka: " + unmarked);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            Set<String> noticed = StoredEvents.noticedCopies(kafka);
            List<String> unnoticed = marked.stream().filter(id -> !noticed.contains(id)).toList();
            assertTrue(unnoticed.isEmpty(), "marked copies without a notice on the control topic: " + unnoticed);
        });
    }

    private void assertRecentKinesisWritesCopiedToKafka(Instant failover) {
        Set<String> inKafka = StoredEvents.markedCopiesInKafka(kafka);
        List<String> storedJustBefore = StoredEvents.arrivalsInKinesis(kinesis.emulator()).entrySet().stream()
                .filter(arrival -> !arrival.getValue().isBefore(failover.minusSeconds(2)) && arrival.getValue().isBefore(failover))
                .map(Map.Entry::getKey).toList();
        assertFalse(storedJustBefore.isEmpty(), "the producers wrote to Kinesis just before the failover");
        List<String> notCopied = storedJustBefore.stream().filter(id -> !inKafka.contains(id)).toList();
        assertTrue(notCopied.isEmpty(), "stored in Kinesis just before the failover, without a marked copy in Kafka: " + notCopied);
    }

    private static void assertInOrder(String key, List<CloudEvent> stored) {
        int previous = -1;
        for (CloudEvent event : stored) {
            if (key.equals(event.partitionKey())) {
                int sequence = Integer.parseInt(event.id().substring(key.length() + 1));
                assertTrue(sequence >= previous, key + ": " + sequence + " stored after " + previous);
                previous = sequence;
            }
        }
    }
}
