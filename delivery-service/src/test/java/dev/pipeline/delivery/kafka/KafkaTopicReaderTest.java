package dev.pipeline.delivery.kafka;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.pipeline.delivery.TestEvents;
import dev.pipeline.delivery.config.DeliveryConfig;
import dev.pipeline.delivery.merge.EventMerger;
import dev.pipeline.delivery.merge.IgnoringMergeListener;
import dev.pipeline.delivery.merge.MergeListener;
import dev.pipeline.delivery.source.ReadGate;
import dev.pipeline.delivery.source.RejectedRecords;
import dev.pipeline.delivery.source.SourceStatus;
import dev.pipeline.envelope.ControlTopic;
import dev.pipeline.envelope.KafkaRecordCodec;
import dev.pipeline.infra.Directories;
import dev.pipeline.infra.KafkaBroker;
import dev.pipeline.infra.testing.KafkaBrokerResource;

/** The Kafka reader against a real broker whose topic stamps append times, as the pipeline creates it. */
class KafkaTopicReaderTest {

    private static final String TOPIC = "reader-test";
    private static final int PARTITIONS = 3;
    private static final Duration SKEW = Duration.ofMillis(30);
    private static final Duration ALLOWANCE = Duration.ofMillis(500);
    /** So long that a partition's end, found just now, bounds it below the append times of the records written. */
    private static final Duration LONG_ALLOWANCE = Duration.ofMinutes(10);

    private static Path workDir;
    private static KafkaBroker broker;

    @BeforeAll
    static void startBroker() {
        workDir = Directories.createTemp("delivery-kafka-reader-");
        broker = KafkaBrokerResource.startBroker(workDir, TOPIC, PARTITIONS);
    }

    @AfterAll
    static void stopBroker() {
        KafkaBrokerResource.stopBroker(broker, workDir);
    }

    @Test
    void fetchesStayBelowHalfAG1RegionUnlessTheDeploymentSaysOtherwise() {
        Map<String, Object> defaults = KafkaTopicReader.consumerSettings(Map.of("bootstrap.servers", "b:9092",
                ConsumerConfig.GROUP_ID_CONFIG, "g"), new ReaderSettings());
        assertEquals(256 * 1024, defaults.get(ConsumerConfig.FETCH_MAX_BYTES_CONFIG));
        assertEquals(256 * 1024, defaults.get(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG));
        assertEquals(false, defaults.get(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG));
        assertFalse(defaults.containsKey(ConsumerConfig.GROUP_ID_CONFIG), "every replica reads the whole topic");
        Map<String, Object> chosen = KafkaTopicReader.consumerSettings(Map.of(ConsumerConfig.FETCH_MAX_BYTES_CONFIG,
                "8388608"), new ReaderSettings());
        assertEquals("8388608", chosen.get(ConsumerConfig.FETCH_MAX_BYTES_CONFIG));
    }

    @Test
    void aPartitionAheadOfTheOthersWaitsForThemSoFewEventsWaitForTheWatermark() throws Exception {
        Instant from = Instant.now();
        int perPartition = 5000;
        try (KafkaProducer<String, byte[]> producer = producer()) {
            // partition 1's records are all stored well after partition 0's: read side by side, they would wait in the
            // merge until partition 0 is read to its end
            long last = writeMany(producer, 0, perPartition);
            await().atMost(Duration.ofSeconds(10)).until(() -> System.currentTimeMillis() > last + 500);
            long end = writeMany(producer, 1, perPartition);
            // read once they are older than the allowance, so none waits because a partition was just read to its end
            await().atMost(Duration.ofSeconds(10)).until(() -> System.currentTimeMillis() > end + ALLOWANCE.toMillis() + 200);
        }
        AtomicReference<EventMerger> merger = new AtomicReference<>();
        AtomicInteger mostPending = new AtomicInteger();
        ReadGate sampling = status -> {
            EventMerger reading = merger.get();
            if (reading != null) {
                mostPending.accumulateAndGet(reading.pendingCount(), Math::max);
            }
        };
        try (Reading reading = Reading.start(new IgnoringMergeListener(), sampling, ALLOWANCE, from, 100_000)) {
            merger.set(reading.merger());
            await().atMost(Duration.ofSeconds(60)).until(() -> reading.merger().log().lastSequence() == 2L * perPartition);
        }
        assertTrue(mostPending.get() < perPartition / 2, "events waiting for the watermark at most: " + mostPending.get());
    }

    @Test
    void reportsTheEarliestOverThePartitionsOfTheLatestAppendTimeReadOnceEveryPartitionHasOne() throws Exception {
        try (Reading reading = Reading.start(new IgnoringMergeListener(), ReadGate.OPEN, LONG_ALLOWANCE); KafkaProducer<String, byte[]> producer = producer()) {
            long first = write(producer, 0);
            write(producer, 1);
            long third = write(producer, 2);
            await().atMost(Duration.ofSeconds(30)).until(() -> reading.status().storedThrough().isPresent());
            assertEquals(Optional.of(Instant.ofEpochMilli(first).minus(SKEW)), reading.status().storedThrough(),
                    "partition 0's record is the earliest of the partitions' latest");

            long fourth = write(producer, 0);
            long fifth = write(producer, 1);
            Instant earliestLatest = Instant.ofEpochMilli(Math.min(third, Math.min(fourth, fifth)));
            await().atMost(Duration.ofSeconds(30)).until(
                    () -> reading.status().storedThrough().equals(Optional.of(earliestLatest.minus(SKEW))));
        }
    }

    @Test
    void boundsAPartitionWithNoRecordByWhenItWasFoundReadToItsEnd() throws Exception {
        Instant started = Instant.now();
        try (Reading reading = Reading.start(); KafkaProducer<String, byte[]> producer = producer()) {
            long written = write(producer, 0);
            write(producer, 1);
            await().atMost(Duration.ofSeconds(30)).until(() -> reading.merger().log().lastSequence() == 2
                    && reading.status().caughtUpAt().filter(at -> at.toEpochMilli() > written).isPresent());
            Instant bound = reading.status().storedThrough().orElseThrow();
            assertTrue(!bound.isBefore(started.minus(ALLOWANCE)) && !bound.isAfter(Instant.now().minus(ALLOWANCE)),
                    "partition 2 has no record, but was read to its end: bounded by that moment less the allowance, was "
                            + bound);
        }
    }

    @Test
    void aReaderThatFailsIsRestartedGoesOnWhereItWasAndIsReportedFailingMeanwhile() throws Exception {
        FailingGate gate = new FailingGate();
        CountingDuplicates listener = new CountingDuplicates();
        try (Reading reading = Reading.start(listener, gate); KafkaProducer<String, byte[]> producer = producer()) {
            write(producer, 0);
            await().atMost(Duration.ofSeconds(30)).until(() -> reading.merger().log().lastSequence() == 1);
            gate.failing = true; // every round of the reader fails from now on
            write(producer, 1);
            await().atMost(Duration.ofSeconds(30)).until(() -> reading.status().readerErrors() >= 2);
            assertTrue(reading.status().readerFailingSince().isPresent(), "reported failing while it fails");
            gate.failing = false;
            write(producer, 2);
            await().atMost(Duration.ofSeconds(30)).until(() -> reading.merger().log().lastSequence() >= 3
                    && reading.status().readerFailingSince().isEmpty());
            assertEquals(3, reading.merger().log().lastSequence(), "each record once");
            assertEquals(0, listener.duplicates, "the new consumer went on where the failed one was, reading nothing twice");
        }
    }

    @Test
    void aRoundThatFailsToMergeRestartsTheReaderFromTheLastRoundMergedAndTheFeedGoesOn() throws Exception {
        FailingOnceListener listener = new FailingOnceListener();
        try (Reading reading = Reading.start(listener); KafkaProducer<String, byte[]> producer = producer()) {
            write(producer, 0);
            await().atMost(Duration.ofSeconds(30)).until(() -> reading.merger().log().lastSequence() == 1);
            listener.failNext = true; // the merging thread fails on the next event emitted
            write(producer, 1);
            await().atMost(Duration.ofSeconds(30)).until(() -> reading.status().readerErrors() >= 1);
            write(producer, 2);
            await().atMost(Duration.ofSeconds(30)).until(() -> reading.merger().log().lastSequence() >= 3);
            assertEquals(3, reading.merger().log().lastSequence(), "each record once: the one read again is a duplicate");
        }
    }

    /** A reader of the topic from now on, feeding a merger of its own. */
    private record Reading(SourceStatus status, EventMerger merger, KafkaTopicReader reader) implements AutoCloseable {

        static Reading start() {
            return start(new IgnoringMergeListener());
        }

        static Reading start(MergeListener listener) {
            return start(listener, ReadGate.OPEN);
        }

        static Reading start(MergeListener listener, ReadGate gate) {
            return start(listener, gate, ALLOWANCE);
        }

        static Reading start(MergeListener listener, ReadGate gate, Duration allowance) {
            return start(listener, gate, allowance, Instant.now(), 1000);
        }

        /** A reader of the topic from {@code from}, its merger holding up to {@code maxPending} events. */
        static Reading start(MergeListener listener, ReadGate gate, Duration allowance, Instant from, int maxPending) {
            Clock clock = Clock.systemUTC();
            SourceStatus status = new SourceStatus("kafka", clock, allowance, Duration.ofSeconds(10),
                    Duration.ofSeconds(30), Duration.ofMinutes(2));
            // no Kinesis here: a source whose startup time is over before it began never holds the watermark
            SourceStatus noKinesis = new SourceStatus("kinesis", clock, allowance, Duration.ZERO, Duration.ofNanos(-1),
                    Duration.ZERO);
            EventMerger merger = new EventMerger(EventMerger.Settings.byCount(maxPending, 1000, 1000, Duration.ofMinutes(5),
                    Duration.ofSeconds(30)), clock, noKinesis, status, listener);
            KafkaTopicReader reader = new KafkaTopicReader(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                    broker.bootstrapServers()), new ReaderSettings(), ControlTopic.NAME, merger, status, clock, from, gate,
                    RejectedRecords.uncounted());
            reader.start();
            return new Reading(status, merger, reader);
        }

        @Override
        public void close() {
            reader.close();
        }
    }

    /** Writes one event to {@code partition} and returns the append time the broker stamped on it. */
    private static long write(KafkaProducer<String, byte[]> producer, int partition) throws Exception {
        ProducerRecord<String, byte[]> record = KafkaRecordCodec.toProducerRecord(TOPIC,
                TestEvents.event("e-" + System.nanoTime(), "test.event", "s", "key", Instant.now()));
        return producer.send(new ProducerRecord<>(TOPIC, partition, record.key(), record.value(), record.headers()))
                .get().timestamp();
    }

    /** Writes {@code count} events to {@code partition}; returns the append time of the last. */
    private static long writeMany(KafkaProducer<String, byte[]> producer, int partition, int count) throws Exception {
        java.util.concurrent.Future<org.apache.kafka.clients.producer.RecordMetadata> last = null;
        for (int i = 0; i < count; i++) {
            ProducerRecord<String, byte[]> record = KafkaRecordCodec.toProducerRecord(TOPIC, TestEvents.event(
                    "many-" + partition + "-" + i + "-" + System.nanoTime(), "test.event", "s", "key-" + i, Instant.now()));
            last = producer.send(new ProducerRecord<>(TOPIC, partition, record.key(), record.value(), record.headers()));
        }
        return last.get().timestamp();
    }

    private static KafkaProducer<String, byte[]> producer() {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        return new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    }

    private static final class ReaderSettings implements DeliveryConfig.Kafka {
        @Override
        public dev.pipeline.support.kafka.TopicCheckSettings topicCheck() {
            throw new UnsupportedOperationException("the reader does not check the topic");
        }

        @Override
        public String topic() {
            return TOPIC;
        }

        @Override
        public Duration pollTimeout() {
            return Duration.ofMillis(25);
        }

        @Override
        public Duration requestTimeout() {
            return Duration.ofSeconds(2);
        }

        @Override
        public Duration appendTimeSkew() {
            return SKEW;
        }

        @Override
        public Duration partitionRefreshInterval() {
            return Duration.ofSeconds(30);
        }
    }

    /** Fails every round of the reader that passes it while {@code failing}: a fault inside the reader itself. */
    private static final class FailingGate implements ReadGate {
        volatile boolean failing;

        @Override
        public void awaitRoom(SourceStatus status) {
            if (failing) {
                throw new IllegalStateException("injected fault in the reader");
            }
        }
    }

    /** Throws an error from the merge once, when told to: a fault on the merging thread. */
    private static final class FailingOnceListener extends IgnoringMergeListener {
        volatile boolean failNext;

        @Override
        public void emitted(long lastSequence) {
            if (failNext) {
                failNext = false;
                throw new LinkageError("injected fault in the merge"); // an Error, not only an exception
            }
        }
    }

    private static final class CountingDuplicates extends IgnoringMergeListener {
        volatile int duplicates;

        @Override
        public void duplicateDropped() {
            duplicates++;
        }
    }
}
