package dev.pipeline.delivery;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import dev.pipeline.delivery.config.DeliveryConfig;
import dev.pipeline.delivery.kafka.KafkaTopicReader;
import dev.pipeline.delivery.kinesis.KinesisStreamReader;
import dev.pipeline.delivery.merge.EventMerger;
import dev.pipeline.delivery.merge.SourcedEvent;
import dev.pipeline.delivery.metrics.DeliveryMetrics;
import dev.pipeline.delivery.partner.Partners;
import dev.pipeline.delivery.source.SourceStatus;
import dev.pipeline.delivery.sse.Connections;
import dev.pipeline.delivery.sse.StreamHandler;
import dev.pipeline.support.concurrent.DaemonThreads;
import io.micrometer.core.instrument.MeterRegistry;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * One delivery replica assembled in plain Java: both source readers, the merger, the connections and the
 * stream handler. The application builds one through CDI; tests can build a second against the same sources.
 */
public final class Replica implements AutoCloseable {

    private final DeliveryConfig config;
    private final SourceStatus kinesisStatus;
    private final SourceStatus kafkaStatus;
    private final EventMerger merger;
    private final Connections connections = new Connections();
    private final Partners partners;
    private final StreamHandler handler;
    private final KinesisStreamReader kinesisReader;
    private final KafkaTopicReader kafkaReader;
    private final ScheduledExecutorService ticker;

    public Replica(DeliveryConfig config, Map<String, Object> kafkaSettings, KinesisClient kinesis, Clock clock,
                   MeterRegistry registry) {
        this(config, kafkaSettings, kinesis, clock, registry, clock.instant().minus(config.history().rebuildWindow()));
    }

    /** A replica whose feed starts with what both streams stored from {@code readFrom} on. */
    public Replica(DeliveryConfig config, Map<String, Object> kafkaSettings, KinesisClient kinesis, Clock clock,
                   MeterRegistry registry, Instant readFrom) {
        this.config = config;
        DeliveryConfig.Merge merge = config.merge();
        this.kinesisStatus = new SourceStatus(SourcedEvent.KINESIS, clock, merge.reorderAllowance(),
                merge.idleTimeout(), merge.startupTimeout(), merge.visibilityLagMemory());
        this.kafkaStatus = new SourceStatus(SourcedEvent.KAFKA, clock, merge.kafkaReorderAllowance(),
                merge.idleTimeout(), merge.startupTimeout(), merge.visibilityLagMemory());
        DeliveryMetrics metrics = new DeliveryMetrics(registry, connections, kinesisStatus, kafkaStatus);
        this.merger = new EventMerger(new EventMerger.Settings(merge.maxPending(), config.history().maxEvents(),
                config.history().dedupWindow(), merge.lateResendWindow(), merge.routerExpiry()), clock,
                List.of(kinesisStatus, kafkaStatus), metrics);
        metrics.watch(merger);
        this.partners = Partners.fromConfig(config.partners(), clock);
        this.handler = new StreamHandler(partners, merger.log(), connections, metrics, config.sse());
        this.kinesisReader = new KinesisStreamReader(kinesis, config.kinesis(), merger, kinesisStatus, clock, readFrom);
        this.kafkaReader = new KafkaTopicReader(kafkaSettings, config.kafka(), merger, kafkaStatus, clock, readFrom);
        this.ticker = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("delivery-watermark"));
    }

    /** Starts reading both sources and re-evaluating the watermark (a dead source's idleness must be noticed). */
    public void start() {
        kinesisReader.start();
        kafkaReader.start();
        long tick = config.merge().tickInterval().toMillis();
        ticker.scheduleWithFixedDelay(merger::advance, tick, tick, TimeUnit.MILLISECONDS);
    }

    public StreamHandler handler() {
        return handler;
    }

    public SourceStatus kinesisStatus() {
        return kinesisStatus;
    }

    public SourceStatus kafkaStatus() {
        return kafkaStatus;
    }

    public EventMerger merger() {
        return merger;
    }

    public Connections connections() {
        return connections;
    }

    /** Ready when at least one source is readable: the feed flows from it while the other is down. */
    public boolean ready() {
        return kinesisStatus.readable() || kafkaStatus.readable();
    }

    @Override
    public void close() {
        ticker.shutdownNow();
        kinesisReader.close();
        kafkaReader.close();
        partners.close();
    }
}
