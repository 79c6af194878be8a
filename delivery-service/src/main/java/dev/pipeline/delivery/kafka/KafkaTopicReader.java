package dev.pipeline.delivery.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.jboss.logging.Logger;

import dev.pipeline.delivery.config.DeliveryConfig;
import dev.pipeline.delivery.merge.EventMerger;
import dev.pipeline.delivery.merge.SourcedEvent;
import dev.pipeline.delivery.source.Backoff;
import dev.pipeline.delivery.source.ReadGate;
import dev.pipeline.delivery.source.RejectReason;
import dev.pipeline.delivery.source.RejectedRecord;
import dev.pipeline.delivery.source.RejectedRecords;
import dev.pipeline.delivery.source.SourceReader;
import dev.pipeline.delivery.source.SourceStatus;
import dev.pipeline.delivery.watermark.LaneBounds;
import dev.pipeline.envelope.CloudEvent;
import dev.pipeline.envelope.EnvelopeException;
import dev.pipeline.envelope.EventStreams;
import dev.pipeline.envelope.KafkaRecordCodec;
import dev.pipeline.envelope.ControlTopic;
import dev.pipeline.envelope.KinesisCopies;
import dev.pipeline.envelope.KinesisCopyNotice;
import dev.pipeline.envelope.RouterHeartbeat;

/**
 * Reads every partition of the Kafka topic on its own thread, from the first record stored at or after
 * {@code readFrom} (in a partition added later, that is its first record), handing events and the routers'
 * heartbeats to the merger. Each delivery replica reads the whole
 * topic (no consumer group): each serves its own partners. The topic is caught up as of the moment end offsets
 * were asked for once every partition's position reached them. On a topic stamped with append times (as the
 * pipeline creates it), a partition's next record is stamped no earlier than the last one read from it (the broker
 * stamps and appends under one lock), so the earliest of those over the partitions, less the brokers' clock skew,
 * is reported too: under steady writes it is fresher than any caught-up time, which needs a round that reaches the
 * end.
 * <p>
 * Records are read and decoded on one thread and handed to the merger on a second, a round at a time, so that
 * reading the topic again (a partner catching up) uses both cores: decoding was a third of the one thread's work, and
 * the merge another. What a round found (positions, bounds, caught up) is reported only once the merger has its
 * records, so the watermark never passes an event still on its way.
 */
public final class KafkaTopicReader implements SourceReader {

    private static final Logger LOG = Logger.getLogger(KafkaTopicReader.class);
    /** Bytes a fetch returns at most, in all and per partition (unless the deployment's kafka.* settings say otherwise). */
    static final int FETCH_BYTES = 256 * 1024;
    /**
     * How far (in append time) a partition may be read ahead of the earliest partition that still has records to
     * read before it is paused: the merge releases an event only once every partition has been read past its time,
     * so a partition read further ahead only fills the merge's pending events. Catching up over a topic written at
     * 200,000 events/s, 40,000 to 90,000 events waited there without this, most of the read's memory and GC work.
     */
    static final Duration PARTITION_LEAD = Duration.ofMillis(100);

    private final Map<String, Object> kafkaSettings;
    private final DeliveryConfig.Kafka config;
    private final EventMerger merger;
    private final SourceStatus status;
    private final Clock clock;
    private final Instant readFrom;
    private final Backoff backoff;
    private final ReadGate gate;
    private final RejectedRecords rejected;
    private final Set<TopicPartition> assigned = new HashSet<>();
    /** Where routers write their heartbeats; its other records (overrides, statuses) are not this reader's. */
    private final String controlTopic;
    /** Per partition, the offset after the last record handed over: where a restarted consumer goes on. */
    private final Map<TopicPartition, Long> next = new ConcurrentHashMap<>();
    private volatile KafkaConsumer<byte[], byte[]> consumer;
    private volatile boolean running;
    private Thread thread;
    private Thread mergeThread;
    /** Rounds decoded and waiting for the merging thread: one, besides the one it merges. */
    private final BlockingQueue<Round> decoded = new ArrayBlockingQueue<>(1);
    /** Each consumer's rounds are numbered by it: after a round failed to merge, the later ones of its consumer are not. */
    private volatile int consumerNumber;
    private volatile int failedConsumer = -1;
    private volatile Throwable mergeFailure;
    private long lastRefresh;
    /**
     * End offsets asked for at {@link #targetAskedAt}: once every position reached them, the topic has been read
     * as of that moment. A fixed target, not the end after each poll, so that under steady writes (when the end
     * always moves on) the source still counts as caught up round after round.
     */
    private Map<TopicPartition, Long> target;
    private Instant targetAskedAt;
    /**
     * Per partition, the append time of the latest record read (less the skew), or the moment it was last found read
     * to its end (less the allowance), whichever is later; absent before either.
     */
    private final LaneBounds bounds = new LaneBounds();

    public KafkaTopicReader(Map<String, Object> kafkaSettings, DeliveryConfig.Kafka config, String controlTopic,
                            EventMerger merger, SourceStatus status, Clock clock, Instant readFrom) {
        this(kafkaSettings, config, controlTopic, merger, status, clock, readFrom, ReadGate.OPEN,
                RejectedRecords.uncounted());
    }

    /** A reader whose rounds wait for {@code gate}. */
    public KafkaTopicReader(Map<String, Object> kafkaSettings, DeliveryConfig.Kafka config, String controlTopic,
                            EventMerger merger, SourceStatus status, Clock clock, Instant readFrom, ReadGate gate,
                            RejectedRecords rejected) {
        this.controlTopic = controlTopic;
        this.gate = gate;
        this.rejected = rejected;
        this.kafkaSettings = kafkaSettings;
        this.config = config;
        this.merger = merger;
        this.status = status;
        this.clock = clock;
        this.readFrom = readFrom;
        // at most 1 s, like Kinesis' max-backoff: well below the merge's idle timeout, so a broker back within it is
        // read again before it expires
        this.backoff = new Backoff(config.pollTimeout(), Duration.ofSeconds(1));
    }

    /**
     * One poll's records, decoded, for the merging thread: it hands {@code admitted} to the merger in their order, then
     * runs {@code reported} (what the round found about the topic), then advances the merge.
     */
    private record Round(int consumer, List<Consumer<EventMerger>> admitted, Runnable reported) {
    }

    /** The merging thread could not hand a round to the merger: the reader starts again from the last merged round. */
    private static final class MergeFailedException extends KafkaException {
        MergeFailedException(Throwable cause) {
            super("merging Kafka records failed: " + cause, cause);
        }
    }

    @Override
    public void start() {
        running = true;
        thread = new Thread(this::run, "kafka-topic-reader");
        thread.setDaemon(true);
        mergeThread = new Thread(this::merge, "kafka-topic-merge");
        mergeThread.setDaemon(true);
        mergeThread.start();
        thread.start();
    }

    @Override
    public void close() {
        running = false;
        KafkaConsumer<byte[], byte[]> current = consumer;
        if (current != null) {
            current.wakeup();
        }
        if (mergeThread != null) {
            mergeThread.interrupt();
        }
        try {
            if (thread != null) {
                thread.join(5000);
            }
            if (mergeThread != null) {
                mergeThread.join(5000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Hands the decoded rounds to the merger until closed; a round that fails stops its consumer's later ones. */
    private void merge() {
        while (running) {
            Round round;
            try {
                round = decoded.poll(config.pollTimeout().toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException stopping) {
                return;
            }
            if (round == null || round.consumer() == failedConsumer) {
                continue;
            }
            try {
                round.admitted().forEach(admission -> admission.accept(merger));
                round.reported().run();
                merger.advance();
            } catch (RuntimeException | Error e) {
                // any error, not only the stack overflow of a deeply nested record: a merging thread that ended would
                // stall the feed without a word (an OutOfMemoryError ends the JVM first, -XX:+ExitOnOutOfMemoryError)
                mergeFailure = e;
                failedConsumer = round.consumer();
            }
        }
    }

    /** Queues a round for the merging thread, waiting while one is queued; throws if a round of this consumer failed. */
    private void handOff(Round round) throws InterruptedException {
        while (running && !decoded.offer(round, config.pollTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
            throwIfMergeFailed();
        }
        throwIfMergeFailed();
    }

    private void throwIfMergeFailed() {
        if (failedConsumer == consumerNumber) {
            throw new MergeFailedException(mergeFailure);
        }
    }

    /** Reads until closed; a failure of the reader itself is logged and counted, and a new consumer goes on. */
    private void run() {
        while (running) {
            try {
                read();
                return;
            } catch (RuntimeException | Error e) { // as on the merging thread
                if (!running) {
                    return;
                }
                status.readerFailed("Kafka reader failed: " + e);
                LOG.error("Kafka reader failed; restarting it after a pause", e);
                pause(backoff.failed());
            }
        }
    }

    /** The consumer's settings: the deployment's {@code kafka.*} map, with what this reader needs set or defaulted. */
    static Map<String, Object> consumerSettings(Map<String, Object> kafkaSettings, DeliveryConfig.Kafka config) {
        Map<String, Object> settings = new HashMap<>(kafkaSettings);
        settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        settings.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false); // asking for a missing topic creates nothing
        settings.remove(ConsumerConfig.GROUP_ID_CONFIG);
        settings.putIfAbsent(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) config.requestTimeout().toMillis());
        // Kafka's 500 ms default would hold each round's end-offset request behind a parked fetch (one connection
        // answers in order), so the merge's watermark would trail the topic by half a second
        settings.putIfAbsent(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, (int) config.pollTimeout().toMillis());
        // each fetch response is read into one array of its size: at Kafka's defaults (50 MiB, 1 MiB per partition)
        // a response while catching up is larger than half a G1 region (1 MiB regions below a 2 GiB heap), so every
        // one was a humongous allocation, and each started a concurrent collection cycle. A record larger than
        // the bound is still returned (Kafka always returns the first batch), so events up to the pipeline's limit flow
        settings.putIfAbsent(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, FETCH_BYTES);
        settings.putIfAbsent(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, FETCH_BYTES);
        return settings;
    }

    private void read() {
        Map<String, Object> settings = consumerSettings(kafkaSettings, config);
        assigned.clear(); // a new consumer: assign and position every partition again
        target = null;
        consumerNumber++;
        // keys as bytes: an event's repeats its partition key, and only the control topic's are read
        try (KafkaConsumer<byte[], byte[]> kafka = new KafkaConsumer<>(settings, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            consumer = kafka;
            while (running) {
                try {
                    gate.awaitRoom(status);
                    round(kafka);
                } catch (MergeFailedException e) {
                    throw e;
                } catch (WakeupException | InterruptException stopping) {
                    return;
                } catch (InterruptedException stopping) {
                    Thread.currentThread().interrupt();
                    return;
                } catch (KafkaException e) {
                    status.failed("Kafka read failed: " + e.getMessage());
                    merger.advance();
                    pause(backoff.failed());
                }
            }
        } catch (WakeupException stopping) {
            // shutdown
        }
    }

    private void round(KafkaConsumer<byte[], byte[]> kafka) throws InterruptedException {
        if (assigned.isEmpty() || System.nanoTime() - lastRefresh > config.partitionRefreshInterval().toNanos()) {
            refreshPartitions(kafka);
        }
        // first what is there (or a wait for it of at most the poll timeout), then the end offsets: a round that finds
        // nothing new counts as caught up as of its own end, not of its start one parked poll earlier
        ConsumerRecords<byte[], byte[]> records = kafka.poll(config.pollTimeout());
        List<Consumer<EventMerger>> admitted = new ArrayList<>(records.count());
        for (ConsumerRecord<byte[], byte[]> record : records) {
            Consumer<EventMerger> admission = admit(record);
            if (admission != null) {
                admitted.add(admission);
            }
        }
        Map<TopicPartition, Long> readTo = noteLatestAppendTimes(records);
        keepPartitionsAbreast(kafka);
        if (target == null) {
            // every record visible when the end offsets are asked for lies below them
            targetAskedAt = clock.instant();
            target = kafka.endOffsets(assigned, config.requestTimeout());
        }
        long behind = 0;
        for (Map.Entry<TopicPartition, Long> end : target.entrySet()) {
            long partitionBehind = Math.max(0, end.getValue() - kafka.position(end.getKey(), config.requestTimeout()));
            if (partitionBehind == 0) {
                bounds.raise(lane(end.getKey()), targetAskedAt.minus(status.watermarkWait()));
            }
            behind += partitionBehind;
        }
        backoff.succeeded();
        Optional<Instant> storedThrough = storedThrough();
        Runnable progress;
        if (behind == 0) {
            Instant caughtUpAt = targetAskedAt;
            long unread = unread(kafka, 0);
            progress = () -> status.caughtUp(caughtUpAt, unread);
            target = null;
        } else {
            long unread = unread(kafka, behind);
            progress = () -> status.readSucceeded(unread);
        }
        handOff(new Round(consumerNumber, admitted, () -> {
            next.putAll(readTo);
            storedThrough.ifPresent(status::storedThrough);
            progress.run();
        }));
    }

    /**
     * A poll returns each partition's records in offset order: its last one is the latest read from it, and where a
     * restarted consumer goes on (returned, per partition, to be noted once merged). Producers' times (CreateTime)
     * come in any order and bound nothing.
     */
    private Map<TopicPartition, Long> noteLatestAppendTimes(ConsumerRecords<byte[], byte[]> records) {
        Map<TopicPartition, Long> readTo = new HashMap<>();
        for (TopicPartition partition : records.partitions()) {
            List<ConsumerRecord<byte[], byte[]>> read = records.records(partition);
            ConsumerRecord<byte[], byte[]> last = read.get(read.size() - 1);
            readTo.put(partition, last.offset() + 1);
            if (last.timestampType() == TimestampType.LOG_APPEND_TIME) {
                bounds.raise(lane(partition), Instant.ofEpochMilli(last.timestamp()).minus(config.appendTimeSkew()));
            }
        }
        return readTo;
    }

    /**
     * Pauses each events' partition read more than {@link #PARTITION_LEAD} ahead of the earliest one that still has
     * records to read, and resumes the others. A partition read to its end holds nothing back (reaching the end
     * raises its bound), so when every partition is there (the live tail) or one has no bound yet, none is paused.
     */
    private void keepPartitionsAbreast(KafkaConsumer<byte[], byte[]> kafka) {
        List<TopicPartition> events = assigned.stream().filter(partition -> !partition.topic().equals(controlTopic))
                .toList();
        Instant earliest = null;
        for (TopicPartition partition : events) {
            OptionalLong unread = kafka.currentLag(partition);
            if (unread.isPresent() && unread.getAsLong() == 0) {
                continue;
            }
            Instant bound = bounds.of(lane(partition));
            if (bound == null) {
                earliest = null;
                break;
            }
            earliest = earliest == null || bound.isBefore(earliest) ? bound : earliest;
        }
        Instant limit = earliest == null ? null : earliest.plus(PARTITION_LEAD);
        List<TopicPartition> ahead = new ArrayList<>();
        for (TopicPartition partition : events) {
            Instant bound = bounds.of(lane(partition));
            if (limit != null && bound != null && bound.isAfter(limit)) {
                ahead.add(partition);
            }
        }
        Set<TopicPartition> paused = kafka.paused();
        if (!paused.isEmpty()) {
            kafka.resume(paused.stream().filter(partition -> !ahead.contains(partition)).toList());
        }
        kafka.pause(ahead);
    }

    /** Once every partition has a bound, the unread records were all stored at or after the earliest. */
    private Optional<Instant> storedThrough() {
        // events only: the control topic's records do not sort in the feed (its heartbeats count through caughtUp)
        return bounds.earliest(assigned.stream().filter(partition -> !partition.topic().equals(controlTopic))
                .map(this::lane).toList());
    }

    /** An events' partition is named by its number (events' sort keys and cursors carry it); others by topic too. */
    private String lane(TopicPartition partition) {
        return partition.topic().equals(controlTopic) ? partition.topic() + "/" + partition.partition()
                : Integer.toString(partition.partition());
    }

    /**
     * Records between the positions and the partitions' ends as the latest fetches saw them — unlike the distance
     * to the fixed target, which is zero each time the target is reached however far the end has moved on.
     */
    private long unread(KafkaConsumer<byte[], byte[]> kafka, long otherwise) {
        long unread = 0;
        for (TopicPartition partition : assigned) {
            OptionalLong lag = kafka.currentLag(partition);
            if (lag.isEmpty()) {
                return otherwise;
            }
            unread += lag.getAsLong();
        }
        return unread;
    }

    private void refreshPartitions(KafkaConsumer<byte[], byte[]> kafka) {
        List<PartitionInfo> infos = new ArrayList<>(kafka.partitionsFor(config.topic(), config.requestTimeout()));
        if (infos.isEmpty()) {
            throw new KafkaException("topic " + config.topic() + " has no partitions yet");
        }
        // a deployment without the control topic yet has its routers' heartbeats on the events' topic only
        infos.addAll(kafka.partitionsFor(controlTopic, config.requestTimeout()));
        List<TopicPartition> added = new ArrayList<>();
        for (PartitionInfo info : infos) {
            TopicPartition partition = new TopicPartition(info.topic(), info.partition());
            if (!assigned.contains(partition)) {
                added.add(partition);
            }
        }
        if (!added.isEmpty()) {
            // asked before anything changes, so a failed request leaves nothing assigned without a position
            Map<TopicPartition, Long> starts = offsetsFrom(kafka, added);
            assigned.addAll(added);
            target = null; // it does not cover the new partitions
            kafka.assign(assigned);
            starts.forEach(kafka::seek);
        }
        if (assigned.isEmpty()) {
            throw new KafkaException("topic " + config.topic() + " has no partitions yet");
        }
        lastRefresh = System.nanoTime();
    }

    /**
     * Per partition, where this reader left off before a restart; else the first offset stored at or after
     * {@link #readFrom}, or where there is none yet, the end as it was before that was asked (anything appended since
     * is newer, so it is read).
     */
    private Map<TopicPartition, Long> offsetsFrom(KafkaConsumer<byte[], byte[]> kafka, List<TopicPartition> partitions) {
        Map<TopicPartition, Long> starts = new HashMap<>();
        List<TopicPartition> fresh = new ArrayList<>();
        for (TopicPartition partition : partitions) {
            Long resume = next.get(partition);
            if (resume != null) {
                starts.put(partition, resume);
            } else {
                fresh.add(partition);
            }
        }
        if (fresh.isEmpty()) {
            return starts;
        }
        // the compacted control topic is read from its beginning: its notices of copies cover the last day
        List<TopicPartition> control = fresh.stream().filter(partition -> partition.topic().equals(controlTopic)).toList();
        starts.putAll(kafka.beginningOffsets(control, config.requestTimeout()));
        fresh.removeAll(control);
        if (fresh.isEmpty()) {
            return starts;
        }
        Map<TopicPartition, Long> ends = kafka.endOffsets(fresh, config.requestTimeout());
        Map<TopicPartition, Long> times = new HashMap<>();
        fresh.forEach(partition -> times.put(partition, readFrom.toEpochMilli()));
        Map<TopicPartition, OffsetAndTimestamp> found = kafka.offsetsForTimes(times, config.requestTimeout());
        for (TopicPartition partition : fresh) {
            OffsetAndTimestamp first = found.get(partition);
            starts.put(partition, first != null ? first.offset() : ends.get(partition));
        }
        return starts;
    }

    /** What the merger is to do with a record (decoded here), or null for one rejected or not the merger's. */
    private Consumer<EventMerger> admit(ConsumerRecord<byte[], byte[]> record) {
        Header control = record.headers().lastHeader(RouterHeartbeat.HEADER);
        if (control != null) {
            return control(record, control);
        }
        if (record.topic().equals(controlTopic)) {
            return controlRecord(record);
        }
        long bytes = recordBytes(record);
        if (bytes > EventStreams.MAX_EVENT_BYTES) {
            reject(record, RejectReason.TOO_LARGE, bytes, "larger than the pipeline's limit of "
                    + EventStreams.MAX_EVENT_BYTES + " bytes per event");
            return null;
        }
        String position = record.partition() + ":" + record.offset();
        SourcedEvent read;
        try {
            read = new SourcedEvent(KafkaRecordCodec.fromRecord(record), SourcedEvent.KAFKA, position,
                    record.timestamp() >= 0 ? Instant.ofEpochMilli(record.timestamp()) : null,
                    KinesisCopies.isMarked(record.headers()));
        } catch (EnvelopeException e) {
            reject(record, RejectReason.ofHeaders(e), bytes, e.getMessage());
            return null;
        } catch (RuntimeException e) {
            reject(record, RejectReason.UNDECODABLE, bytes, e.toString());
            return null;
        }
        return merger -> merger.accept(read);
    }

    /** A control-topic record without the heartbeat header: a router's notice of copies, or the routers' business. */
    private Consumer<EventMerger> controlRecord(ConsumerRecord<byte[], byte[]> record) {
        if (record.key() == null || !new String(record.key(), StandardCharsets.UTF_8).startsWith(ControlTopic.COPIES_PREFIX)
                || record.value() == null) {
            return null; // the fleet's override, audit trail and statuses
        }
        try {
            List<CloudEvent.EventIdentity> copied = KinesisCopyNotice.fromValue(record.value()).identities();
            Instant storedAt = Instant.ofEpochMilli(record.timestamp());
            return merger -> merger.copiesNoticed(copied, storedAt);
        } catch (EnvelopeException e) {
            reject(record, RejectReason.BAD_COPY_NOTICE, recordBytes(record), e.getMessage());
            return null;
        }
    }

    /** A record the control header marks as not an event: a router's heartbeat, or nothing this version knows. */
    private Consumer<EventMerger> control(ConsumerRecord<byte[], byte[]> record, Header control) {
        byte[] kind = control.value();
        if (kind == null || !RouterHeartbeat.HEADER_VALUE.equals(new String(kind, StandardCharsets.UTF_8))) {
            reject(record, RejectReason.BAD_CONTROL_HEADER, recordBytes(record), RouterHeartbeat.HEADER + " header "
                    + (kind == null ? "without a value" : "\"" + RejectedRecord.excerpt(kind) + "\" is not a known control record"));
            return null;
        }
        RouterHeartbeat heartbeat;
        try {
            heartbeat = RouterHeartbeat.fromValue(record.value());
        } catch (EnvelopeException e) {
            reject(record, RejectReason.BAD_HEARTBEAT, recordBytes(record), e.getMessage());
            return null;
        } catch (RuntimeException e) {
            reject(record, RejectReason.BAD_HEARTBEAT, recordBytes(record), e.toString());
            return null;
        }
        Instant storedAt = Instant.ofEpochMilli(record.timestamp());
        return merger -> {
            try {
                merger.heard(heartbeat, storedAt);
            } catch (RuntimeException e) {
                reject(record, RejectReason.BAD_HEARTBEAT, recordBytes(record), e.toString());
            }
        };
    }

    private void reject(ConsumerRecord<byte[], byte[]> record, String reason, long bytes, String detail) {
        rejected.reject(SourcedEvent.KAFKA, lane(new TopicPartition(record.topic(), record.partition())),
                Long.toString(record.offset()), reason, bytes, record.value(), detail);
    }

    /**
     * The bytes of a record's value and headers: never more than the event's structured JSON, which the size limit
     * measures (each attribute's header is shorter than its JSON member, the data no longer than in JSON or Base64).
     * The key is left out: it repeats the partition key the headers already carry.
     */
    private static long recordBytes(ConsumerRecord<byte[], byte[]> record) {
        long bytes = Math.max(0, record.serializedValueSize());
        for (Header header : record.headers()) {
            bytes += header.key().length() + (header.value() == null ? 0 : header.value().length);
        }
        return bytes;
    }

    private void pause(Duration pause) {
        try {
            Thread.sleep(pause.toMillis()); // a failing broker: wait before retrying
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }
}
