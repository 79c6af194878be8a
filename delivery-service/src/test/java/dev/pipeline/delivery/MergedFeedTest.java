package dev.pipeline.delivery;

import static dev.pipeline.delivery.DeliveryTestProfile.ALL_KEY;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.pipeline.delivery.config.DeliveryConfig;
import dev.pipeline.delivery.merge.EventLog;
import dev.pipeline.delivery.merge.MergedEvent;
import dev.pipeline.delivery.sse.StreamHandler;
import dev.pipeline.envelope.CloudEvent;
import dev.pipeline.envelope.CloudEventJson;
import dev.pipeline.envelope.RouterHeartbeat;
import dev.pipeline.infra.KafkaBroker;
import dev.pipeline.infra.KinesisEmulator;
import dev.pipeline.infra.testing.InjectKafkaBroker;
import dev.pipeline.infra.testing.InjectKinesisEmulator;
import dev.pipeline.infra.testing.KafkaBrokerResource;
import dev.pipeline.infra.testing.KinesisEmulatorResource;
import dev.pipeline.infra.testing.SseClient;
import dev.pipeline.support.kinesis.KinesisClients;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.common.annotation.Identifier;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import jakarta.inject.Inject;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.ScalingType;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;

/** The merged feed against a real Kafka broker and the Kinesis emulator: exactly once, in order, resumable. */
@QuarkusTest
@TestProfile(DeliveryTestProfile.class)
@WithTestResource(value = KafkaBrokerResource.class, parallel = true)
@WithTestResource(value = KinesisEmulatorResource.class, parallel = true,
        initArgs = @ResourceArg(name = KinesisEmulatorResource.CONFIG_PREFIX, value = "delivery.kinesis"))
class MergedFeedTest {

    private static final Duration WAIT = Duration.ofSeconds(45);

    @InjectKafkaBroker
    KafkaBroker kafka;

    @InjectKinesisEmulator
    KinesisEmulator kinesis;

    @Inject
    MeterRegistry registry;

    @Inject
    DeliveryConfig config;

    @Inject
    @Identifier("default-kafka-broker")
    Map<String, Object> kafkaSettings;

    @Inject
    KinesisClient kinesisClient;

    @Inject
    Vertx vertx;

    /** The application's own replica (some tests build a second one). */
    @Inject
    Replica application;

    @TestHTTPResource("/v1/stream")
    URI stream;

    private SourceWriter sources;

    @BeforeEach
    void connectSources() {
        sources = new SourceWriter(kafka, kinesis);
    }

    @AfterEach
    void closeSources() {
        sources.close();
    }

    @Test
    void eventsOnBothSourcesReachASubscriberExactlyOnceInKeyOrder() {
        try (SseClient client = connect("subjectPrefix=dual/")) {
            List<CloudEvent> written = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                CloudEvent event = TestEvents.event("dual-" + i, "test.event", "dual/" + i % 3, "key-" + i % 3, Instant.now());
                written.add(event);
                switch (i % 3) {
                    case 0 -> {
                        sources.toKinesis(event);
                        sources.toKafka(event);
                    }
                    case 1 -> sources.toKinesis(event);
                    default -> sources.toKafka(event);
                }
            }
            sources.toKafka(written.get(3)); // a producer's retry
            await().atMost(WAIT).until(() -> client.messages().size() >= 12 && duplicatesDropped() >= 5);
            List<CloudEvent> received = events(client);
            assertEquals(12, received.size(), "each event exactly once");
            assertEquals(new HashSet<>(written), new HashSet<>(received));
            for (int key = 0; key < 3; key++) {
                String k = "key-" + key;
                assertEquals(written.stream().filter(e -> e.partitionKey().equals(k)).toList(),
                        received.stream().filter(e -> e.partitionKey().equals(k)).toList(), "order of " + k);
            }
        }
    }

    @Test
    void aFailoverInTheMiddleOfAKeyedSequenceArrivesInOrder() {
        try (SseClient client = connect("subjectPrefix=failover/")) {
            List<CloudEvent> written = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                CloudEvent event = TestEvents.event("failover-" + i, "test.event", "failover/k", "failover-key", Instant.now());
                written.add(event);
                if (i < 5) {
                    sources.toKinesis(event);
                } else {
                    sources.toKafka(event);
                }
            }
            await().atMost(WAIT).until(() -> client.messages().size() >= 10);
            assertEquals(written, events(client));
        }
    }

    @Test
    void aReshardedStreamIsFollowedWithParentsDrainedBeforeChildren() {
        try (SseClient client = connect("subjectPrefix=reshard/");
             KinesisClient admin = kinesis.newClient()) {
            List<CloudEvent> written = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                if (i == 6) {
                    admin.updateShardCount(r -> r.streamName(kinesis.stream()).targetShardCount(4)
                            .scalingType(ScalingType.UNIFORM_SCALING));
                    await().atMost(WAIT).until(() -> admin.describeStreamSummary(r -> r.streamName(kinesis.stream()))
                            .streamDescriptionSummary().streamStatus() == StreamStatus.ACTIVE);
                }
                CloudEvent event = TestEvents.event("reshard-" + i, "test.event", "reshard/k", "reshard-" + i % 3, Instant.now());
                sources.toKinesis(event);
                written.add(event);
            }
            await().atMost(WAIT).until(() -> client.messages().size() >= 12);
            assertEquals(written, events(client));
        }
    }

    @Test
    void reconnectingToAnotherReplicaWithLastEventIdLeavesNoGapAndNoDuplicate() throws Exception {
        List<CloudEvent> written = new ArrayList<>();
        String cursor;
        try (SseClient first = connect("subjectPrefix=resume/")) {
            for (int i = 0; i < 10; i++) {
                written.add(write(TestEvents.event("resume-" + i, "test.event", "resume/k", "resume-" + i % 2, Instant.now())));
            }
            await().atMost(WAIT).until(() -> first.messages().size() >= 10);
            assertEquals(written, events(first));
            cursor = first.messages().get(5).id(); // the partner got six events before its connection dropped
        }
        try (Replica second = new Replica(config, kafkaSettings, kinesisClient, Clock.systemUTC(), new SimpleMeterRegistry())) {
            second.start();
            HttpServer server = serve(second);
            try {
                await().atMost(WAIT).until(second::ready);
                for (int i = 10; i < 14; i++) {
                    written.add(write(TestEvents.event("resume-" + i, "test.event", "resume/k", "resume-" + i % 2, Instant.now())));
                }
                URI other = URI.create("http://localhost:" + server.actualPort() + StreamHandler.PATH + "?subjectPrefix=resume/");
                try (SseClient resumed = SseClient.connect(other, Map.of("Authorization", "Bearer " + ALL_KEY,
                        "Last-Event-ID", cursor))) {
                    await().atMost(WAIT).until(() -> resumed.messages().size() >= 8);
                    assertEquals(written.subList(6, 14), events(resumed));
                }
            } finally {
                server.close().toCompletionStage().toCompletableFuture().get();
            }
        }
    }

    @Test
    void aStartingReplicaReadsBothStreamsOnlyFromItsRebuildWindow() {
        for (int i = 0; i < 2; i++) {
            sources.toKafka(TestEvents.event("window-old-kafka-" + i, "test.event", "window/k", "window", Instant.now()));
            sources.toKinesis(TestEvents.event("window-old-kinesis-" + i, "test.event", "window/k", "window", Instant.now()));
        }
        // both streams stamp records in milliseconds: everything written from here on is stored at or after readFrom
        Instant readFrom = Instant.now().plusMillis(1).truncatedTo(ChronoUnit.MILLIS);
        await().atMost(WAIT).until(() -> Instant.now().isAfter(readFrom));
        Set<String> recent = new HashSet<>();
        for (int i = 0; i < 2; i++) {
            CloudEvent viaKafka = TestEvents.event("window-new-kafka-" + i, "test.event", "window/k", "window", Instant.now());
            CloudEvent viaKinesis = TestEvents.event("window-new-kinesis-" + i, "test.event", "window/k", "window", Instant.now());
            sources.toKafka(viaKafka);
            sources.toKinesis(viaKinesis);
            recent.add(viaKafka.id());
            recent.add(viaKinesis.id());
        }
        try (Replica replica = new Replica(config, kafkaSettings, kinesisClient, Clock.systemUTC(), new SimpleMeterRegistry(),
                readFrom)) {
            replica.start();
            await().atMost(WAIT).until(() -> idsWithSubjectPrefix(replica.merger().log(), "window/").containsAll(recent));
            // the older events sort first, so they would have been emitted by now had they been read
            assertEquals(recent, new HashSet<>(idsWithSubjectPrefix(replica.merger().log(), "window/")));
        }
    }

    private static List<String> idsWithSubjectPrefix(EventLog log, String prefix) {
        List<String> ids = new ArrayList<>();
        for (MergedEvent event = log.after(log.beforeFirst()); event != null; event = log.after(event.sequence())) {
            if (event.attributes().subject() != null && event.attributes().subject().startsWith(prefix)) {
                ids.add(event.attributes().id());
            }
        }
        return ids;
    }

    @Test
    void aDeadKinesisDoesNotStallTheFeedFromKafka() throws Exception {
        KinesisClient dead = KinesisClients.create(new DeadKinesisSettings(config.kinesis()));
        try (Replica replica = new Replica(config, kafkaSettings, dead, Clock.systemUTC(), new SimpleMeterRegistry())) {
            replica.start();
            HttpServer server = serve(replica);
            try {
                URI uri = URI.create("http://localhost:" + server.actualPort() + StreamHandler.PATH + "?subjectPrefix=dead/");
                try (SseClient client = SseClient.connect(uri, Map.of("Authorization", "Bearer " + ALL_KEY))) {
                    List<CloudEvent> written = new ArrayList<>();
                    for (int i = 0; i < 3; i++) {
                        written.add(write(TestEvents.event("dead-" + i, "test.event", "dead/k", "dead", Instant.now())));
                    }
                    await().atMost(WAIT).until(() -> client.messages().size() >= 3);
                    assertEquals(written, events(client));
                    assertTrue(replica.ready(), "ready on Kafka alone");
                    assertTrue(replica.kinesisStatus().problem().orElseThrow().contains("Kinesis read failed"));
                }
            } finally {
                server.close().toCompletionStage().toCompletableFuture().get();
                dead.close();
            }
        }
    }

    @Test
    void aKinesisOriginalOfACopyARouterNoticedIsADuplicateThoughThisReplicaNeverReadTheCopy() {
        try (SseClient client = connect("subjectPrefix=noticed/")) {
            // the copy went to Kafka before this replica's reads begin; the notice on the control topic remains
            CloudEvent original = TestEvents.event("noticed-original", "test.event", "noticed/k", "noticed", Instant.now());
            sources.copyNotice(original);
            await().atMost(WAIT).until(() -> registry.find("delivery.copies.remembered").gauge().value() >= 1);
            sources.toKinesis(original);
            CloudEvent after = TestEvents.event("noticed-after", "test.event", "noticed/k", "noticed", Instant.now());
            sources.toKinesis(after);
            await().atMost(WAIT).until(() -> !client.messages().isEmpty());
            assertEquals(List.of(after), events(client), "the original of a noticed copy is a duplicate");
        }
    }

    /** Where a router writes its heartbeats: the control topic, or the events' topic as routers before it did. */
    enum HeartbeatsOn { CONTROL_TOPIC, EVENTS_TOPIC_OF_AN_EARLIER_ROUTER }

    @ParameterizedTest
    @EnumSource(HeartbeatsOn.class)
    void whileEveryRouterHoldsAKinesisLeaseKafkaEventsFlowPastAHungKinesis(HeartbeatsOn location) {
        java.util.function.Consumer<RouterHeartbeat> heartbeat = location == HeartbeatsOn.CONTROL_TOPIC
                ? sources::heartbeat : sources::heartbeatOnEventsTopic;
        String router = "leasing-router"; // one router, before and after its upgrade
        try (SseClient client = connect("subjectPrefix=leased-" + location + "/")) {
            heartbeat.accept(new RouterHeartbeat(router, Instant.now().plusSeconds(20), null));
            kinesis.process().freeze();
            try {
                CloudEvent event = write(TestEvents.event("leased-" + location, "test.event", "leased-" + location + "/k",
                        "leased", Instant.now()));
                await().atMost(WAIT).until(() -> !client.messages().isEmpty());
                assertTrue(application.kinesisStatus().live(),
                        "delivered while the hung Kinesis still held the watermark by reads alone (within its idle timeout)");
                assertEquals(List.of(event), events(client));
            } finally {
                // the router is back on Kinesis: the bound follows what is read again, for the tests after this one
                heartbeat.accept(new RouterHeartbeat(router, null, null));
                kinesis.process().thaw();
            }
        }
    }

    @Test
    void eventsFlowWhileKafkaIsWrittenWithoutPause() throws InterruptedException {
        try (SseClient client = connect("subjectPrefix=steady/")) {
            AtomicBoolean received = new AtomicBoolean();
            // some 1,000 events a second, never a pause, for up to ~20 s: the topic's end moves on after every poll
            Thread writer = new Thread(() -> {
                for (int i = 0; i < 20_000 && !received.get(); i++) {
                    sources.toKafkaAsync(TestEvents.event("steady-" + i, "test.event", "steady/k", "steady-" + i % 4,
                            Instant.now()));
                    LockSupport.parkNanos(1_000_000); // paces the load
                }
                sources.flush();
            }, "steady-writer");
            writer.start();
            await().atMost(WAIT).until(() -> !client.messages().isEmpty() || !writer.isAlive());
            boolean stillWriting = writer.isAlive();
            received.set(true);
            writer.join();
            assertTrue(stillWriting, "the feed advanced while the writes went on, not only once they stopped");
        }
    }

    @Test
    void sinceReplaysFromATime() {
        List<CloudEvent> later = new ArrayList<>();
        Instant from;
        try (SseClient live = connect("subjectPrefix=since/")) {
            for (int i = 0; i < 3; i++) {
                write(TestEvents.event("since-a" + i, "test.event", "since/k", "since", Instant.now()));
            }
            from = Instant.now();
            for (int i = 0; i < 3; i++) {
                later.add(write(TestEvents.event("since-b" + i, "test.event", "since/k", "since", Instant.now())));
            }
            await().atMost(WAIT).until(() -> live.messages().size() >= 6);
        }
        try (SseClient replay = connect("subjectPrefix=since/&since=" + from)) {
            await().atMost(WAIT).until(() -> replay.messages().size() >= 3);
            assertEquals(later, events(replay));
        }
    }

    @Test
    void aSlowPartnerIsCutOffWhileAFastOneKeepsReceiving() throws Exception {
        int count = 1500;
        String padding = "x".repeat(8000);
        try (SseClient fast = connect("subjectPrefix=slow/");
             StalledClient slow = new StalledClient(URI.create(stream + "?subjectPrefix=slow/"), ALL_KEY)) {
            assertTrue(slow.readHead().startsWith("HTTP/1.1 200"));
            double before = slowDisconnects();
            Instant start = Instant.now();
            for (int i = 0; i < count; i++) {
                CloudEvent event = TestEvents.event("slow-" + i, "test.event", "slow/k", "slow-" + i % 4, Instant.now())
                        .withExtension("padding", padding);
                sources.toKafkaAsync(event);
            }
            sources.flush();
            await().atMost(WAIT).until(() -> fast.messages().size() >= count);
            assertTrue(Duration.between(start, Instant.now()).compareTo(Duration.ofSeconds(30)) < 0);
            await().atMost(WAIT).until(() -> slowDisconnects() > before);
            String seen = slow.readToEnd();
            assertTrue(seen.contains(": disconnected: slow-consumer"), "the partner is told why");
            assertTrue(seen.contains("event: disconnect"));
            assertEquals(count, new HashSet<>(fast.messages().stream().map(SseClient.Message::id).toList()).size());
        }
    }

    private CloudEvent write(CloudEvent event) {
        sources.toKafka(event);
        return event;
    }

    /** Connects as the partner entitled to everything and waits until the stream is open. */
    private SseClient connect(String query) {
        SseClient client = SseClient.connect(URI.create(stream + "?" + query), Map.of("Authorization", "Bearer " + ALL_KEY));
        await().atMost(WAIT).until(() -> client.status() != 0);
        assertEquals(200, client.status());
        return client;
    }

    private HttpServer serve(Replica replica) throws Exception {
        Router router = Router.router(vertx);
        router.get(StreamHandler.PATH).handler(replica.handler());
        return vertx.createHttpServer().requestHandler(router).listen(0).toCompletionStage().toCompletableFuture().get();
    }

    private static List<CloudEvent> events(SseClient client) {
        return client.messages().stream().map(m -> CloudEventJson.parse(m.data())).toList();
    }

    private double duplicatesDropped() {
        return registry.get("delivery.duplicates.dropped").counter().count();
    }

    private double slowDisconnects() {
        return registry.find("delivery.slow.disconnects").counters().stream().mapToDouble(c -> c.count()).sum();
    }
}
