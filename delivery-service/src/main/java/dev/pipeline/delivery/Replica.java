package dev.pipeline.delivery;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;

import dev.pipeline.delivery.catchup.CatchUpSession;
import dev.pipeline.delivery.catchup.CatchUps;
import dev.pipeline.delivery.catchup.ShardReadBudget;
import dev.pipeline.delivery.catchup.StreamRetention;
import dev.pipeline.delivery.config.DeliveryConfig;
import dev.pipeline.delivery.kinesis.ReadBudget;
import dev.pipeline.delivery.merge.CopiedIdentities;
import dev.pipeline.delivery.merge.EventLog;
import dev.pipeline.delivery.merge.EventMerger;
import dev.pipeline.delivery.merge.SourcedEvent;
import dev.pipeline.delivery.metrics.DeliveryMetrics;
import dev.pipeline.delivery.partner.Partners;
import dev.pipeline.delivery.source.ReadGate;
import dev.pipeline.delivery.source.RejectedRecords;
import dev.pipeline.delivery.source.SourceStatus;
import dev.pipeline.delivery.sse.Connections;
import dev.pipeline.delivery.sse.StreamHandler;
import io.micrometer.core.instrument.MeterRegistry;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * One delivery replica assembled in plain Java: the live feed (both source readers and the merger), the catch-up reads
 * for partners resuming from further back, the connections and the stream handler. The application builds one through
 * CDI; tests can build a second against the same sources.
 */
public final class Replica implements AutoCloseable {

    private final MergedFeed live;
    private final CatchUps catchUps;
    private final StreamRetention retention;
    private final Connections connections = new Connections();
    private final Partners partners;
    private final StreamHandler handler;
    private final RejectedRecords rejected;

    public Replica(DeliveryConfig config, Map<String, Object> kafkaSettings, KinesisClient kinesis, Clock clock,
                   MeterRegistry registry) {
        this(config, kafkaSettings, kinesis, clock, registry, clock.instant().minus(config.history().rebuildWindow()));
    }

    /** A replica whose live feed starts with what both streams stored from {@code readFrom} on. */
    public Replica(DeliveryConfig config, Map<String, Object> kafkaSettings, KinesisClient kinesis, Clock clock,
                   MeterRegistry registry, Instant readFrom) {
        DeliveryConfig.Merge merge = config.merge();
        SourceStatus kinesisStatus = MergedFeed.status(SourcedEvent.KINESIS, merge, clock);
        SourceStatus kafkaStatus = MergedFeed.status(SourcedEvent.KAFKA, merge, clock);
        DeliveryMetrics metrics = new DeliveryMetrics(registry, connections, kinesisStatus, kafkaStatus);
        CopiedIdentities copies = new CopiedIdentities(config.history().copiesCapacity(), config.history().copiesSpan());
        metrics.watch(copies);
        this.rejected = new RejectedRecords(registry, config.rejectedRecords().kept(),
                config.rejectedRecords().logInterval(), clock);
        this.live = new MergedFeed(config, kafkaSettings, kinesis, clock, readFrom, kinesisStatus, kafkaStatus,
                new MergedFeed.Wiring(metrics, ReadGate.OPEN, ReadBudget.UNLIMITED, rejected,
                        config.history().maxEvents(), config.history().maxBytes().asLongValue(), EventLog.SpaceGate.NONE,
                        copies, true));
        metrics.watch(live.merger());
        metrics.watchKinesisReads(live::kinesisPushing);
        DeliveryConfig.CatchUp catchUp = config.catchUp();
        ShardReadBudget budget = new ShardReadBudget(catchUp.kinesisCallsPerShardPerSecond(),
                catchUp.kinesisBytesPerShardPerSecond().asLongValue());
        this.catchUps = new CatchUps(config, session -> {
            return new MergedFeed(config, kafkaSettings, kinesis, clock, session.readFrom(),
                    MergedFeed.status(SourcedEvent.KINESIS, merge, clock), MergedFeed.status(SourcedEvent.KAFKA, merge, clock),
                    new MergedFeed.Wiring(session, session, budget, RejectedRecords.uncounted(), catchUp.bufferEvents(),
                            catchUp.bufferBytes().asLongValue(), session, copies, false));
        });
        metrics.watch(catchUps);
        this.retention = new StreamRetention(kinesis, config.kinesis().stream(), kafkaSettings,
                config.kafka().topic(), clock, catchUp.retentionRefresh(), config.kafka().requestTimeout());
        this.partners = Partners.fromConfig(config.partners(), clock);
        this.handler = new StreamHandler(partners, live.merger().log(), catchUps,
                retention, config.history().duplicateLookback(), clock, connections, metrics, config.sse());
    }

    /** Starts reading both sources. */
    public void start() {
        live.start();
    }

    public StreamHandler handler() {
        return handler;
    }

    public SourceStatus kinesisStatus() {
        return live.kinesisStatus();
    }

    public SourceStatus kafkaStatus() {
        return live.kafkaStatus();
    }

    /** Whether the live feed reads Kinesis through enhanced fan-out now. */
    public boolean kinesisPushing() {
        return live.kinesisPushing();
    }

    public EventMerger merger() {
        return live.merger();
    }

    /** The records the live feed skipped because they are not events of this pipeline. */
    public RejectedRecords rejected() {
        return rejected;
    }

    public Connections connections() {
        return connections;
    }

    public CatchUps catchUps() {
        return catchUps;
    }

    /** Ready when at least one source is readable (the feed flows from it while the other is down) and no reader is broken. */
    public boolean ready() {
        return (kinesisStatus().readable() || kafkaStatus().readable())
                && kinesisStatus().readerFailingSince().isEmpty() && kafkaStatus().readerFailingSince().isEmpty();
    }

    @Override
    public void close() {
        catchUps.close();
        retention.close();
        live.close();
        partners.close();
    }
}
