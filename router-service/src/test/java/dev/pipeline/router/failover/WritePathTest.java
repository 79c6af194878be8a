package dev.pipeline.router.failover;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.IntStream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.pipeline.envelope.CloudEvent;
import dev.pipeline.envelope.CloudEventJson;
import dev.pipeline.infra.KinesisEmulator;
import dev.pipeline.infra.testing.KafkaBrokerResource;
import dev.pipeline.router.InternalApi;
import dev.pipeline.router.config.RouterConfig;
import dev.pipeline.router.health.KinesisCalls;
import dev.pipeline.router.health.SinkHealths;
import dev.pipeline.router.lease.KinesisLease;
import dev.pipeline.router.metrics.RouterMetrics;
import dev.pipeline.router.routing.RoutingPolicy;
import dev.pipeline.router.routing.RoutingState;
import dev.pipeline.router.routing.Transition;
import dev.pipeline.support.kinesis.KinesisClients;
import io.quarkus.test.common.WithTestResource;
import io.restassured.config.HttpClientConfig;
import io.restassured.config.RestAssuredConfig;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.DescribeStreamSummaryRequest;
import software.amazon.awssdk.services.kinesis.model.DescribeStreamSummaryResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequest;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;

/**
 * Only Kinesis' own behaviour moves writes, against the real emulator: a long same-key write on a slowed but healthy
 * Kinesis, an event Kinesis refuses as invalid (the producer's problem: 422), and an unexpected exception or Error in
 * the write path (retryable 503, nothing left in flight) all leave the router PRIMARY.
 */
@QuarkusTest
@TestProfile(WritePathTest.TolerantOfASlowEmulator.class)
@WithTestResource(value = KafkaBrokerResource.class, parallel = true)
@WithTestResource(value = ImpairedKinesisResource.class, parallel = true)
class WritePathTest {

    /**
     * The emulator takes seconds over a record of 1 MiB (Kinesis does not), and answers nothing else meanwhile: a stall
     * threshold and timeouts that keep the emulator's own pace from failing over, still far below a whole 500-call write.
     */
    public static class TolerantOfASlowEmulator extends FastFailoverProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> overrides = new HashMap<>(super.getConfigOverrides());
            overrides.put("router.health.stall-threshold", "10s");
            overrides.put("router.health.probe-timeout", "10s");
            overrides.put("router.kinesis.api-call-attempt-timeout", "10s");
            overrides.put("router.kinesis.api-call-timeout", "20s");
            return overrides;
        }
    }

    /** A write of 500 calls in a row takes tens of seconds through the emulator. */
    private static final RestAssuredConfig LONG_WRITE = RestAssuredConfig.config().httpClient(
            HttpClientConfig.httpClientConfig().setParam("http.socket.timeout", 180_000));

    ImpairedKinesisProxy proxy;

    KinesisEmulator kinesis;

    @Inject
    RoutingPolicy policy;

    @Inject
    SinkHealths health;

    @Inject
    KinesisCalls calls;

    @Inject
    KinesisLease lease;

    @Inject
    RouterMetrics metrics;

    @Inject
    RouterConfig config;

    @BeforeEach
    void awaitPrimary() {
        proxy.heal();
        await().atMost(Duration.ofSeconds(30)).until(() -> policy.machine().state() == RoutingState.PRIMARY);
        // after a failback, writes go to Kinesis once the router's last lease has ended
        await().atMost(Duration.ofSeconds(5)).until(() -> lease.kinesisWritesFrom() != null && !Instant.now().isBefore(lease.kinesisWritesFrom()));
    }

    @Test
    void fiveHundredEventsOfOneKeyOnASlowedKinesisStayOnKinesisInOrder() {
        // each call well under the stall threshold; the whole write (one record per call) far beyond it
        proxy.impair(ImpairedKinesisProxy.Impairment.slowed(Duration.ofMillis(30)));
        List<Transition> before = policy.machine().transitions();
        List<CloudEvent> batch = IntStream.range(0, 500).mapToObj(i -> event("same-key-" + i, "one-key", "{\"n\":" + i + "}"))
                .toList();

        given().config(LONG_WRITE).header("Authorization", InternalApi.AUTHORIZATION)
                .contentType(CloudEventJson.BATCH_MEDIA_TYPE).body(CloudEventJson.writeBatch(batch))
                .when().post("/v1/events")
                .then().statusCode(200).body("sink", equalTo("kinesis")).body("events", equalTo(500));

        assertEquals(before, policy.machine().transitions(), "no transition");
        assertEquals(RoutingState.PRIMARY, policy.machine().state());
        Set<String> firstArrivals = new LinkedHashSet<>();
        StoredEvents.inKinesis(kinesis).stream().filter(e -> "one-key".equals(e.partitionKey()))
                .forEach(e -> firstArrivals.add(e.id()));
        assertEquals(batch.stream().map(CloudEvent::id).toList(), new ArrayList<>(firstArrivals), "stored in order");
    }

    @Test
    void anEventKinesisRefusesAsInvalidIs422AndMovesNothing() {
        List<Transition> before = policy.machine().transitions();
        String tooLarge = "\"" + "x".repeat(1_050_000) + "\"";

        given().header("Authorization", InternalApi.AUTHORIZATION).contentType(CloudEventJson.BATCH_MEDIA_TYPE)
                .body(CloudEventJson.writeBatch(List.of(event("fits-1", "k-fits", "1"), event("too-large-1", "k-large", tooLarge))))
                .when().post("/v1/events")
                .then().statusCode(422).contentType(startsWith("application/problem+json"))
                .body("type", equalTo("https://pipeline.dev/problems/event-refused"))
                .body("detail", org.hamcrest.Matchers.containsString("Kinesis refused event too-large-1"));

        assertEquals(before, policy.machine().transitions(), "no transition");
        assertTrue(health.kinesis().writable(), "Kinesis still counts as writable");
        given().header("Authorization", InternalApi.AUTHORIZATION).contentType(CloudEventJson.BATCH_MEDIA_TYPE)
                .body(CloudEventJson.writeBatch(List.of(event("after-1", "k", "1"))))
                .when().post("/v1/events")
                .then().statusCode(200).body("sink", equalTo("kinesis"));
    }

    @Test
    void anUnexpectedErrorInTheWritePathIsARetryable503AndLeavesNothingInFlight() {
        assertAnsweredRetryableAndNothingLeaks(() -> new ExceptionInInitializerError("injected by the test"), "error");
    }

    @Test
    void anUnexpectedRuntimeExceptionInTheWritePathIsARetryable503AndLeavesNothingInFlight() {
        assertAnsweredRetryableAndNothingLeaks(() -> new IllegalStateException("injected by the test"), "exception");
    }

    private void assertAnsweredRetryableAndNothingLeaks(Supplier<Throwable> failure, String run) {
        try (KinesisClient real = KinesisClients.create(config.kinesis())) {
            QuarkusMock.installMockForType(new FailingKinesisClient(real, failure), KinesisClient.class);
            writeFailsAndNothingLeaks(run);
        }
    }

    private void writeFailsAndNothingLeaks(String run) {
        List<Transition> before = policy.machine().transitions();
        int inFlightBefore = metrics.eventsInFlight().get();

        given().header("Authorization", InternalApi.AUTHORIZATION).contentType(CloudEventJson.BATCH_MEDIA_TYPE)
                .body(CloudEventJson.writeBatch(List.of(event("explode-" + run, "k-" + run, "1"))))
                .when().post("/v1/events")
                .then().statusCode(503).contentType(startsWith("application/problem+json"))
                .header("Retry-After", equalTo("1"))
                .body("type", equalTo("https://pipeline.dev/problems/not-stored"));

        assertEquals(0, calls.inFlight(), "no Kinesis call left in flight");
        assertEquals(0, health.kinesis().callsInFlight(), "no Kinesis write left in flight");
        assertEquals(inFlightBefore, metrics.eventsInFlight().get(), "no event left in flight");
        // a leaked call would look stalled to the watchdog within the stall threshold
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(2))
                .until(() -> policy.machine().state() == RoutingState.PRIMARY);
        assertEquals(before, policy.machine().transitions(), "no transition");
        given().header("Authorization", InternalApi.AUTHORIZATION).contentType(CloudEventJson.BATCH_MEDIA_TYPE)
                .body(CloudEventJson.writeBatch(List.of(event("fine-" + run, "k-" + run, "1"))))
                .when().post("/v1/events")
                .then().statusCode(200).body("sink", equalTo("kinesis"));
    }

    private static CloudEvent event(String id, String key, String data) {
        return CloudEventJson.parse("{\"specversion\":\"1.0\",\"id\":\"" + id + "\",\"source\":\"/write-path-test\","
                + "\"type\":\"test\",\"partitionkey\":\"" + key + "\",\"datacontenttype\":\"application/json\",\"data\":"
                + data + "}");
    }

    /** The real client, except that PutRecords of an event whose id starts with "explode" throws what it is given. */
    private static final class FailingKinesisClient implements KinesisClient {

        private final KinesisClient real;
        private final Supplier<Throwable> failure;

        FailingKinesisClient(KinesisClient real, Supplier<Throwable> failure) {
            this.real = real;
            this.failure = failure;
        }

        @Override
        public PutRecordsResponse putRecords(PutRecordsRequest request) {
            boolean explode = request.records().stream()
                    .anyMatch(r -> CloudEventJson.parse(r.data().asByteArray()).id().startsWith("explode"));
            if (explode) {
                Throwable thrown = failure.get();
                if (thrown instanceof Error error) {
                    throw error;
                }
                throw (RuntimeException) thrown;
            }
            return real.putRecords(request);
        }

        @Override
        public DescribeStreamSummaryResponse describeStreamSummary(DescribeStreamSummaryRequest request) {
            return real.describeStreamSummary(request);
        }

        @Override
        public String serviceName() {
            return real.serviceName();
        }

        @Override
        public void close() {
            // the test closes the real client
        }
    }
}
