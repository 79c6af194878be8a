package dev.pipeline.delivery.kinesis;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.pipeline.delivery.TestEvents;
import dev.pipeline.delivery.config.DeliveryConfig;
import dev.pipeline.delivery.merge.EventMerger;
import dev.pipeline.delivery.merge.IgnoringMergeListener;
import dev.pipeline.delivery.merge.MergeListener;
import dev.pipeline.delivery.merge.MergedEvent;
import dev.pipeline.delivery.source.ReadGate;
import dev.pipeline.delivery.source.RejectedRecords;
import dev.pipeline.delivery.source.SourceReader;
import dev.pipeline.delivery.source.SourceStatus;
import dev.pipeline.envelope.CloudEvent;
import dev.pipeline.envelope.KinesisRecordCodec;
import dev.pipeline.infra.Directories;
import dev.pipeline.infra.KinesisEmulator;
import dev.pipeline.infra.testing.KinesisEmulatorResource;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.ConsumerStatus;
import software.amazon.awssdk.services.kinesis.model.ResourceNotFoundException;
import software.amazon.awssdk.services.kinesis.model.ScalingType;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;

/** Enhanced fan-out against the Kinesis emulator, which serves SubscribeToShard over HTTP/2 (and pushes once a second). */
class KinesisPushReaderTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Duration ALLOWANCE = Duration.ofMillis(250);
    private static final AtomicInteger STREAMS = new AtomicInteger();

    private static Path workDir;
    private static KinesisEmulator emulator;
    private static KinesisClient admin;

    @BeforeAll
    static void startEmulator() {
        workDir = Directories.createTemp("delivery-kinesis-push-");
        emulator = KinesisEmulatorResource.startEmulator(workDir, 1);
        admin = emulator.newClient();
    }

    @AfterAll
    static void stopEmulator() {
        admin.close();
        emulator.close();
        Directories.deleteRecursively(workDir);
    }

    @Test
    void eventsArriveOnceInKeyOrderAcrossSubscriptionsRenewedWhileTheyAreWritten() {
        String stream = newStream(2);
        Settings settings = new Settings(stream, "renewing", Duration.ofSeconds(3), Duration.ofSeconds(30));
        List<CloudEvent> written = new ArrayList<>();
        try (Reading reading = Reading.start(settings, Instant.now().minusSeconds(1))) {
            for (int i = 0; i < 24; i++) {
                CloudEvent event = TestEvents.event("push-" + i, "test.event", "push/" + i % 3, "key-" + i % 3, Instant.now());
                put(stream, event);
                written.add(event);
                if (i % 6 == 5) {
                    // spread over several renewals: each subscription ends while events are still being written
                    long writtenAt = System.nanoTime();
                    await().atMost(WAIT).until(() -> System.nanoTime() - writtenAt > Duration.ofSeconds(2).toNanos());
                }
            }
            await().atMost(WAIT).until(() -> reading.merger().log().lastSequence() >= written.size());
            assertTrue(reading.pushing(), "read through enhanced fan-out, not by polling");
            assertTrue(reading.pushReader().subscriptionsStarted() > 2 * 2,
                    "subscriptions renewed: " + reading.pushReader().subscriptionsStarted());
            assertEachOnceInKeyOrder(written, reading.released());
        }
    }

    @Test
    void aReshardedStreamIsFollowedWithParentsDrainedBeforeChildren() {
        String stream = newStream(1);
        Settings settings = new Settings(stream, "resharding", Duration.ofMinutes(5), Duration.ofSeconds(30));
        List<CloudEvent> written = new ArrayList<>();
        try (Reading reading = Reading.start(settings, Instant.now().minusSeconds(1))) {
            for (int i = 0; i < 12; i++) {
                if (i == 6) {
                    admin.updateShardCount(r -> r.streamName(stream).targetShardCount(2)
                            .scalingType(ScalingType.UNIFORM_SCALING));
                    awaitActive(stream);
                }
                CloudEvent event = TestEvents.event("reshard-" + i, "test.event", "reshard/" + i % 3, "reshard-" + i % 3,
                        Instant.now());
                put(stream, event);
                written.add(event);
            }
            await().atMost(WAIT).until(() -> reading.merger().log().lastSequence() >= written.size());
            assertTrue(reading.pushing());
            assertEachOnceInKeyOrder(written, reading.released());
        }
    }

    @Test
    void withTheStreamsConsumersUsedUpTheReplicaPollsInstead() {
        String stream = newStream(1);
        String streamArn = admin.describeStreamSummary(r -> r.streamName(stream)).streamDescriptionSummary().streamARN();
        for (int i = 0; i < 20; i++) {
            int n = i;
            admin.registerStreamConsumer(r -> r.streamARN(streamArn).consumerName("other-" + n));
            if (n % 5 == 4) { // Kinesis creates at most 5 consumers at a time
                await().atMost(WAIT).until(() -> admin.listStreamConsumers(r -> r.streamARN(streamArn)).consumers()
                        .stream().allMatch(c -> c.consumerStatus() == ConsumerStatus.ACTIVE));
            }
        }
        Settings settings = new Settings(stream, "one-too-many", Duration.ofMinutes(5), Duration.ofSeconds(30));
        try (Reading reading = Reading.start(settings, Instant.now().minusSeconds(1))) {
            CloudEvent event = TestEvents.event("polled", "test.event", "polled/0", "key", Instant.now());
            put(stream, event);
            await().atMost(WAIT).until(() -> reading.merger().log().lastSequence() >= 1);
            assertFalse(reading.pushing(), "fell back to polling");
            assertEquals(List.of("polled"), reading.released().stream().map(e -> e.attributes().id()).toList());
        }
    }

    @Test
    void theConsumerIsDeregisteredWhenTheReaderStops() {
        String stream = newStream(1);
        String streamArn = admin.describeStreamSummary(r -> r.streamName(stream)).streamDescriptionSummary().streamARN();
        Settings settings = new Settings(stream, "leaving", Duration.ofMinutes(5), Duration.ofSeconds(30));
        try (Reading reading = Reading.start(settings, Instant.now())) {
            await().atMost(WAIT).until(() -> reading.status().caughtUpAt().isPresent());
            assertEquals("ACTIVE", admin.describeStreamConsumer(r -> r.streamARN(streamArn).consumerName("leaving"))
                    .consumerDescription().consumerStatusAsString());
        }
        await().atMost(WAIT).untilAsserted(() -> assertThrows(ResourceNotFoundException.class,
                () -> admin.describeStreamConsumer(r -> r.streamARN(streamArn).consumerName("leaving"))));
    }

    @ParameterizedTest
    @CsvSource({"true, DUPLICATE", "false, DUPLICATE", "true, EMIT", "false, EMIT"})
    void aReaderThatFailsIsRestartedAndTheFeedGoesOn(boolean push, FailingMerge.At at) {
        String stream = newStream(1);
        Settings settings = new Settings(stream, "failing", Duration.ofMinutes(5), Duration.ofSeconds(30));
        FailingMerge listener = new FailingMerge();
        try (Reading reading = Reading.start(settings, Instant.now().minusSeconds(1), listener, push)) {
            CloudEvent first = TestEvents.event("first", "test.event", "failing/0", "key", Instant.now());
            put(stream, first);
            await().atMost(WAIT).until(() -> reading.merger().log().lastSequence() >= 1);
            assertEquals(push, reading.pushing());
            listener.failAt = at;
            List<String> expected = new ArrayList<>(List.of("first"));
            if (at == FailingMerge.At.DUPLICATE) {
                put(stream, first); // its duplicate: the merge throws an error while dropping it
            } else {
                put(stream, TestEvents.event("middle", "test.event", "failing/1", "key", Instant.now()));
                expected.add("middle"); // released, then the merge throws an error telling the feed
            }
            await().atMost(WAIT).until(() -> reading.status().readerErrors() >= 1);
            put(stream, TestEvents.event("second", "test.event", "failing/2", "key", Instant.now()));
            expected.add("second");
            await().atMost(WAIT).until(() -> reading.merger().log().lastSequence() >= expected.size());
            assertEquals(expected, reading.released().stream().map(e -> e.attributes().id()).toList());
        }
    }

    /** Throws an error from the merge once, where told to: a fault on the reader's thread. */
    static final class FailingMerge extends IgnoringMergeListener {

        /** Where the merge fails: as it drops a duplicate (accepting), or as it tells of events released (advancing). */
        enum At { DUPLICATE, EMIT }

        volatile At failAt;

        @Override
        public void duplicateDropped() {
            failIf(At.DUPLICATE);
        }

        @Override
        public void emitted(long lastSequence) {
            failIf(At.EMIT);
        }

        private void failIf(At at) {
            if (failAt == at) {
                failAt = null;
                throw new LinkageError("injected fault in the merge"); // an Error, not only an exception
            }
        }
    }

    private static void assertEachOnceInKeyOrder(List<CloudEvent> written, List<MergedEvent> released) {
        assertEquals(written.size(), released.size(), "each event once");
        for (int key = 0; key < 3; key++) {
            String subject = "/" + key;
            assertEquals(written.stream().filter(e -> e.subject().endsWith(subject)).map(CloudEvent::id).toList(),
                    released.stream().filter(e -> e.attributes().subject().endsWith(subject))
                            .map(e -> e.attributes().id()).toList(), "order of key " + key);
        }
    }

    private static String newStream(int shards) {
        String stream = "push-test-" + STREAMS.incrementAndGet();
        admin.createStream(r -> r.streamName(stream).shardCount(shards));
        awaitActive(stream);
        return stream;
    }

    private static void awaitActive(String stream) {
        await().atMost(WAIT).until(() -> admin.describeStreamSummary(r -> r.streamName(stream))
                .streamDescriptionSummary().streamStatus() == StreamStatus.ACTIVE);
    }

    private static void put(String stream, CloudEvent event) {
        KinesisRecordCodec.KinesisRecord record = KinesisRecordCodec.toRecord(event);
        admin.putRecord(r -> r.streamName(stream).partitionKey(record.partitionKey())
                .data(SdkBytes.fromByteArray(record.data())));
    }

    /** A reader of one stream from {@code from}, feeding a merger of its own (no Kafka beside it). */
    private record Reading(SourceStatus status, EventMerger merger, SourceReader reader, KinesisClient control)
            implements AutoCloseable {

        static Reading start(Settings settings, Instant from) {
            return start(settings, from, new IgnoringMergeListener(), true);
        }

        /** {@code push}: through enhanced fan-out (falling back to polling), else polling from the start. */
        static Reading start(Settings settings, Instant from, MergeListener listener, boolean push) {
            Clock clock = Clock.systemUTC();
            SourceStatus status = new SourceStatus("kinesis", clock, ALLOWANCE, Duration.ofSeconds(10),
                    Duration.ofSeconds(30), Duration.ofMinutes(2));
            // no Kafka here: a source whose startup time is over before it began never holds the watermark
            SourceStatus noKafka = new SourceStatus("kafka", clock, ALLOWANCE, Duration.ZERO, Duration.ofNanos(-1),
                    Duration.ZERO);
            EventMerger merger = new EventMerger(EventMerger.Settings.byCount(1000, 1000, 1000, Duration.ofMinutes(5),
                    Duration.ofSeconds(30)), clock, status, noKafka, listener);
            KinesisClient control = emulator.newClient();
            Supplier<SourceReader> polling = () -> new KinesisStreamReader(control, settings, merger, status, clock,
                    from, ReadGate.OPEN, ReadBudget.UNLIMITED, RejectedRecords.uncounted());
            SourceReader reader = push ? new KinesisPushReader(control, settings, merger, status, clock, from,
                    ReadGate.OPEN, RejectedRecords.uncounted(), polling) : polling.get();
            reader.start();
            return new Reading(status, merger, reader, control);
        }

        boolean pushing() {
            return reader instanceof KinesisPushReader push && push.pushing();
        }

        KinesisPushReader pushReader() {
            return (KinesisPushReader) reader;
        }

        /** The events released so far, in their order. */
        List<MergedEvent> released() {
            List<MergedEvent> events = new ArrayList<>();
            for (MergedEvent event = merger.log().after(0); event != null; event = merger.log().after(event.sequence())) {
                events.add(event);
            }
            return events;
        }

        @Override
        public void close() {
            reader.close();
            control.close();
        }
    }

    /** The reader's settings: the emulator's endpoint, a poll interval to match the tests, enhanced fan-out on. */
    private record Settings(String stream, String consumer, Duration renewal, Duration registration)
            implements DeliveryConfig.Kinesis, DeliveryConfig.EnhancedFanOut {

        @Override
        public Optional<String> region() {
            return Optional.of(KinesisEmulator.REGION);
        }

        @Override
        public Optional<URI> endpointOverride() {
            return Optional.of(emulator.endpoint());
        }

        @Override
        public Optional<StaticCredentials> staticCredentials() {
            return Optional.of(new StaticCredentials() {
                @Override
                public String accessKeyId() {
                    return KinesisEmulator.ACCESS_KEY;
                }

                @Override
                public String secretAccessKey() {
                    return KinesisEmulator.SECRET_KEY;
                }
            });
        }

        @Override
        public Duration apiCallTimeout() {
            return Duration.ofSeconds(5);
        }

        @Override
        public Duration apiCallAttemptTimeout() {
            return Duration.ofSeconds(5);
        }

        @Override
        public Duration connectTimeout() {
            return Duration.ofSeconds(2);
        }

        @Override
        public int maxConnections() {
            return 8;
        }

        @Override
        public Duration pollInterval() {
            return Duration.ofMillis(100);
        }

        @Override
        public int parallelReads() {
            return 4;
        }

        @Override
        public int maxRecordsPerCall() {
            return 1000;
        }

        @Override
        public Duration shardRefreshInterval() {
            return Duration.ofSeconds(1);
        }

        @Override
        public Duration maxBackoff() {
            return Duration.ofMillis(500);
        }

        @Override
        public DeliveryConfig.EnhancedFanOut enhancedFanOut() {
            return this;
        }

        @Override
        public boolean enabled() {
            return true;
        }

        @Override
        public Optional<String> consumerName() {
            return Optional.of(consumer);
        }

        @Override
        public Duration registrationTimeout() {
            return registration;
        }

        @Override
        public Duration subscriptionRenewal() {
            return renewal;
        }

        @Override
        public Duration tipDelay() {
            return Duration.ofSeconds(1);
        }
    }
}
