package dev.pipeline.router.kinesis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import org.junit.jupiter.api.Test;

import dev.pipeline.envelope.CloudEvent;
import dev.pipeline.envelope.CloudEventJson;
import dev.pipeline.router.config.RouterConfig;
import dev.pipeline.router.health.KinesisCalls;
import dev.pipeline.router.sink.SinkWriteException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequest;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResultEntry;

/** PutRecords partial failures with a scripted client: the logic only; the failover tests use the real emulator. */
class KinesisSinkTest {

    private final List<List<String>> calls = new CopyOnWriteArrayList<>();
    private final KinesisCalls kinesisCalls = new KinesisCalls(java.time.Clock.systemUTC(), Duration.ofSeconds(2));

    @Test
    void onlyFailedEntriesAreResentAndAKeysNextEventWaitsForThem() throws Exception {
        KinesisSink sink = sink(ids -> ids.stream().map(id -> id.equals("b1") && calls.size() == 1 ? throttled() : ok()).toList());
        sink.write(List.of(event("a1", "a"), event("a2", "a"), event("b1", "b"), event("b2", "b"), event("c1", "c")));
        assertEquals(List.of(List.of("a1", "b1", "c1"), List.of("a2", "b1"), List.of("b2")), calls);
    }

    @Test
    void entriesFailingEveryAttemptAreReportedUnconfirmedInOrder() {
        KinesisSink sink = sink(ids -> ids.stream().map(id -> id.startsWith("b") ? throttled() : ok()).toList());
        SinkWriteException error = assertThrows(SinkWriteException.class,
                () -> sink.write(List.of(event("a1", "a"), event("b1", "b"), event("b2", "b"))));
        assertEquals(SinkWriteException.Cause.THROTTLED, error.failureCause());
        assertEquals(List.of("b1", "b2"), error.unconfirmed().stream().map(CloudEvent::id).toList());
        assertEquals(3, calls.stream().filter(call -> call.contains("b1")).count(), "bounded attempts");
    }

    @Test
    void aTimedOutCallLeavesItsEntriesAndAllLaterOnesUnconfirmed() {
        KinesisSink sink = sink(ids -> {
            throw ApiCallTimeoutException.create(1500);
        });
        SinkWriteException error = assertThrows(SinkWriteException.class,
                () -> sink.write(List.of(event("a1", "a"), event("a2", "a"), event("b1", "b"))));
        assertEquals(SinkWriteException.Cause.TIMEOUT, error.failureCause());
        assertEquals(List.of("a1", "a2", "b1"), error.unconfirmed().stream().map(CloudEvent::id).toList());
    }

    @Test
    void anAbandonedCallEndsItsWriteAtOnceWithEveryEventUnconfirmedAndIsReportedWhenItEnds() throws Exception {
        CountDownLatch answer = new CountDownLatch(1);
        KinesisSink sink = sink(ids -> {
            awaitUninterruptibly(answer); // a Kinesis that does not answer until told to
            return ids.stream().map(id -> ok()).toList();
        });
        List<CloudEvent> events = List.of(event("a1", "a"), event("a2", "a"), event("b1", "b"));
        CompletableFuture<SinkWriteException> write = CompletableFuture.supplyAsync(
                () -> assertThrows(SinkWriteException.class, () -> sink.write(events)));
        await().atMost(Duration.ofSeconds(10)).until(() -> kinesisCalls.inFlight() == 1);

        sink.abandonCallsInFlight();

        SinkWriteException error = write.get(10, TimeUnit.SECONDS);
        assertEquals(SinkWriteException.Cause.TIMEOUT, error.failureCause());
        assertEquals(List.of("a1", "a2", "b1"), error.unconfirmed().stream().map(CloudEvent::id).toList());
        assertEquals(1, kinesisCalls.inFlight(), "the call itself is still in flight: the stall signal sees it");
        answer.countDown();
        await().atMost(Duration.ofSeconds(10)).until(() -> kinesisCalls.inFlight() == 0);
        assertEquals(1, calls.size(), "nothing resent after the write ended");
    }

    private static void awaitUninterruptibly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private KinesisSink sink(Function<List<String>, List<PutRecordsResultEntry>> script) {
        KinesisClient client = new KinesisClient() {
            @Override
            public PutRecordsResponse putRecords(PutRecordsRequest request) {
                List<String> ids = request.records().stream()
                        .map(entry -> CloudEventJson.parse(entry.data().asByteArray()).id()).toList();
                calls.add(ids);
                return PutRecordsResponse.builder().records(script.apply(ids)).build();
            }

            @Override
            public String serviceName() {
                return "kinesis";
            }

            @Override
            public void close() {
            }
        };
        return new KinesisSink(client, config(), kinesisCalls);
    }

    private static PutRecordsResultEntry ok() {
        return PutRecordsResultEntry.builder().sequenceNumber("1").shardId("shardId-0").build();
    }

    private static PutRecordsResultEntry throttled() {
        return PutRecordsResultEntry.builder().errorCode(KinesisSink.THROTTLED).errorMessage("slow down").build();
    }

    private static CloudEvent event(String id, String key) {
        return CloudEventJson.parse("{\"specversion\":\"1.0\",\"id\":\"" + id + "\",\"source\":\"/t\",\"type\":\"t\",\"partitionkey\":\"" + key + "\"}");
    }

    private static RouterConfig config() {
        RouterConfig.Kinesis kinesis = new RouterConfig.Kinesis() {
            public int maxRecordAttempts() { return 3; }
            public Duration retryBackoff() { return Duration.ZERO; }
            public int maxBatchRecords() { return 500; }
            public String stream() { return "events"; }
            public Optional<String> region() { return Optional.of("us-east-1"); }
            public Optional<java.net.URI> endpointOverride() { return Optional.empty(); }
            public Optional<StaticCredentials> staticCredentials() { return Optional.empty(); }
            public Duration apiCallTimeout() { return Duration.ofSeconds(1); }
            public Duration apiCallAttemptTimeout() { return Duration.ofSeconds(1); }
            public Duration connectTimeout() { return Duration.ofSeconds(1); }
            public int maxConnections() { return 1; }
        };
        return (RouterConfig) java.lang.reflect.Proxy.newProxyInstance(RouterConfig.class.getClassLoader(),
                new Class<?>[] {RouterConfig.class}, (proxy, method, args) -> {
                    if (method.getName().equals("kinesis")) {
                        return kinesis;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }
}
