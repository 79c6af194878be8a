package dev.pipeline.delivery;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.jboss.logging.Logger;

import dev.pipeline.delivery.config.DeliveryConfig;
import dev.pipeline.delivery.kafka.KafkaTopicReader;
import dev.pipeline.delivery.kinesis.KinesisPushReader;
import dev.pipeline.delivery.kinesis.KinesisStreamReader;
import dev.pipeline.delivery.kinesis.ReadBudget;
import dev.pipeline.delivery.merge.CopiedIdentities;
import dev.pipeline.delivery.merge.EventLog;
import dev.pipeline.delivery.merge.EventMerger;
import dev.pipeline.delivery.merge.EventTime;
import dev.pipeline.delivery.merge.MergeListener;
import dev.pipeline.delivery.merge.SortKey;
import dev.pipeline.delivery.merge.SourcedEvent;
import dev.pipeline.delivery.source.ReadGate;
import dev.pipeline.delivery.source.RejectedRecords;
import dev.pipeline.delivery.source.SourceReader;
import dev.pipeline.delivery.source.SourceStatus;
import dev.pipeline.support.concurrent.DaemonThreads;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * Both streams read from one point in time and merged into one feed: the live feed of a replica, or a catch-up read
 * for partners resuming from further back. Every feed sorts, de-duplicates and waits for its watermark the same way,
 * so two feeds read from different points agree on every event stored after both points plus the duplicate lookback.
 */
public final class MergedFeed implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(MergedFeed.class);

    private final DeliveryConfig config;
    private final SourceStatus kinesisStatus;
    private final SourceStatus kafkaStatus;
    private final EventMerger merger;
    private final SourceReader kinesisReader;
    private final KafkaTopicReader kafkaReader;
    private final ScheduledExecutorService ticker;

    /**
     * What a feed is read with besides its configuration: where its events go, how fast it may read, and the copies of
     * Kinesis writes its replica knows (shared by all its feeds); {@code pushReads}: Kinesis is read through enhanced
     * fan-out when the configuration enables it (the live feed), not polled within the budget (catch-up reads).
     */
    public record Wiring(MergeListener listener, ReadGate gate, ReadBudget kinesisBudget, RejectedRecords rejected,
                         int historyEvents, long historyBytes, EventLog.SpaceGate spaceGate, CopiedIdentities copies,
                         boolean pushReads) {
    }

    public MergedFeed(DeliveryConfig config, Map<String, Object> kafkaSettings, KinesisClient kinesis, Clock clock,
               Instant readFrom, SourceStatus kinesisStatus, SourceStatus kafkaStatus, Wiring wiring) {
        this.config = config;
        this.kinesisStatus = kinesisStatus;
        this.kafkaStatus = kafkaStatus;
        DeliveryConfig.Merge merge = config.merge();
        SortKey coveredFrom = SortKey.floor(EventTime.micros(readFrom.plus(config.history().duplicateLookback())));
        this.merger = new EventMerger(new EventMerger.Settings(merge.maxPending(), merge.maxPendingBytes().asLongValue(),
                wiring.historyEvents(), wiring.historyBytes(), config.history().dedupWindow(), merge.lateResendWindow(),
                merge.routerExpiry(), coveredFrom, wiring.spaceGate(), wiring.copies()), clock, kinesisStatus, kafkaStatus, wiring.listener());
        // each source waits for its readers (the wiring's gate), and for the merge when it is the one ahead
        ReadGate gate = status -> {
            wiring.gate().awaitRoom(status);
            merger.awaitRoomFor(status);
        };
        Supplier<SourceReader> polling = () -> new KinesisStreamReader(kinesis, config.kinesis(), merger, kinesisStatus,
                clock, readFrom, gate, wiring.kinesisBudget(), wiring.rejected());
        this.kinesisReader = wiring.pushReads() && config.kinesis().enhancedFanOut().enabled()
                ? new KinesisPushReader(kinesis, config.kinesis(), merger, kinesisStatus, clock, readFrom, gate,
                        wiring.rejected(), polling)
                : polling.get();
        this.kafkaReader = new KafkaTopicReader(kafkaSettings, config.kafka(), config.fleet().topic(), merger, kafkaStatus, clock, readFrom,
                gate, wiring.rejected());
        this.ticker = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("delivery-watermark"));
    }

    /** A source's status as the merge judges it, with the merge's timings for that source. */
    public static SourceStatus status(String source, DeliveryConfig.Merge merge, Clock clock) {
        return new SourceStatus(source, clock,
                source.equals(SourcedEvent.KINESIS) ? merge.reorderAllowance() : merge.kafkaReorderAllowance(),
                merge.idleTimeout(), merge.startupTimeout(), merge.visibilityLagMemory());
    }

    /** Starts reading both sources and re-evaluating the watermark (a dead source's idleness must be noticed). */
    public void start() {
        kinesisReader.start();
        kafkaReader.start();
        long tick = config.merge().tickInterval().toMillis();
        ticker.scheduleWithFixedDelay(this::tick, tick, tick, TimeUnit.MILLISECONDS);
    }

    /** Advances the merge; an error is logged, not thrown: a scheduled task that throws is never run again. */
    private void tick() {
        try {
            merger.advance();
        } catch (RuntimeException | Error e) {
            LOG.error("Advancing the merge failed; the next tick tries again", e);
        }
    }

    public EventMerger merger() {
        return merger;
    }

    /** Whether Kinesis is read through enhanced fan-out now (not configured, or fallen back to polling: false). */
    public boolean kinesisPushing() {
        return kinesisReader instanceof KinesisPushReader push && push.pushing();
    }

    public SourceStatus kinesisStatus() {
        return kinesisStatus;
    }

    public SourceStatus kafkaStatus() {
        return kafkaStatus;
    }

    @Override
    public void close() {
        ticker.shutdownNow();
        kinesisReader.close();
        kafkaReader.close();
    }
}
