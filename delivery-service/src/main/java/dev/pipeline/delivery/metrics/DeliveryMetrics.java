package dev.pipeline.delivery.metrics;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;

import dev.pipeline.delivery.catchup.CatchUps;
import dev.pipeline.delivery.merge.CopiedIdentities;
import dev.pipeline.delivery.merge.EventMerger;
import dev.pipeline.delivery.merge.MergeListener;
import dev.pipeline.delivery.source.SourceStatus;
import dev.pipeline.delivery.sse.ConnectionEvents;
import dev.pipeline.delivery.sse.Connections;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/** Delivery's meters: connections, deliveries per partner, source lag, duplicates, late events, slow partners. */
public final class DeliveryMetrics implements MergeListener, ConnectionEvents {

    private final MeterRegistry registry;
    private final Connections connections;
    private final Counter duplicates;
    private final Counter late;
    private final Counter forced;
    private final Map<String, Counter> delivered = new ConcurrentHashMap<>();
    private final Map<String, Counter> slow = new ConcurrentHashMap<>();

    public DeliveryMetrics(MeterRegistry registry, Connections connections, SourceStatus kinesis, SourceStatus kafka) {
        this.registry = registry;
        this.connections = connections;
        Gauge.builder("delivery.partners.connected", connections, Connections::size)
                .description("Open SSE connections").register(registry);
        Gauge.builder("delivery.source.lag", kinesis, SourceStatus::lag).tags("source", kinesis.name(), "unit", "ms")
                .description("How far the source reader is behind: Kinesis in ms, Kafka in records").register(registry);
        for (SourceStatus source : List.of(kinesis, kafka)) {
            FunctionCounter.builder("delivery.source.reader.errors", source, SourceStatus::readerErrors)
                    .tags("source", source.name())
                    .description("Failures of the source reader itself (not of the source), each followed by a restart")
                    .register(registry);
            Gauge.builder("delivery.source.visibility.lag", source, s -> s.visibilityLag().toMillis())
                    .tags("source", source.name()).baseUnit("milliseconds")
                    .description("Recently seen delay between a record's storage time and it becoming readable; widens the reorder allowance")
                    .register(registry);
        }
        Gauge.builder("delivery.source.lag", kafka, SourceStatus::lag).tags("source", kafka.name(), "unit", "records")
                .description("How far the source reader is behind: Kinesis in ms, Kafka in records").register(registry);
        duplicates = Counter.builder("delivery.duplicates.dropped")
                .description("Events dropped because an event with the same source and id was already merged")
                .register(registry);
        late = Counter.builder("delivery.events.late")
                .description("Events that arrived below the watermark and were emitted out of sort order").register(registry);
        forced = Counter.builder("delivery.events.forced")
                .description("Events released before the watermark because the pending buffer was full").register(registry);
    }

    /** Gauges of the merger: how many events wait for the watermark and how far it trails the clock. */
    public void watch(EventMerger merger) {
        Gauge.builder("delivery.merge.pending", merger, EventMerger::pendingCount)
                .description("Events read from the sources and waiting for the watermark").register(registry);
        Gauge.builder("delivery.merge.watermark.delay", merger,
                        m -> m.watermarkDelay().map(delay -> (double) delay.toMillis()).orElse(Double.NaN))
                .baseUnit("milliseconds")
                .description("How far the merge watermark trails the clock (what the merge adds to an event's latency)")
                .register(registry);
        Gauge.builder("delivery.merge.routers", merger, EventMerger::routersKnown)
                .description("Routers whose heartbeats were read within the router expiry").register(registry);
    }

    /** 1 while the live feed reads Kinesis through enhanced fan-out, 0 while it polls (configured so, or fallen back). */
    public void watchKinesisReads(BooleanSupplier pushing) {
        Gauge.builder("delivery.kinesis.enhanced.fan.out", pushing, p -> p.getAsBoolean() ? 1 : 0)
                .strongReference(true) // a method reference nobody else holds: a weak one would be collected
                .description("1 while Kinesis is read through enhanced fan-out, 0 while it is polled").register(registry);
    }

    /** Gauges of the copies of Kinesis writes remembered, and of those forgotten before their span was over. */
    public void watch(CopiedIdentities copies) {
        Gauge.builder("delivery.copies.remembered", copies, CopiedIdentities::size).register(registry);
        FunctionCounter.builder("delivery.copies.forgotten", copies, CopiedIdentities::forgottenEarly).register(registry);
    }

    /** Gauge of the catch-up reads running (partners resuming from before the in-memory tail). */
    public void watch(CatchUps catchUps) {
        Gauge.builder("delivery.catchup.sessions", catchUps, CatchUps::running)
                .description("Catch-up reads of both streams running for partners resuming from further back")
                .register(registry);
    }

    @Override
    public void emitted(long lastSequence) {
        connections.signalAll(lastSequence);
    }

    @Override
    public void duplicateDropped() {
        duplicates.increment();
    }

    @Override
    public void lateEmitted() {
        late.increment();
    }

    @Override
    public void forcedRelease() {
        forced.increment();
    }

    @Override
    public void delivered(String partner, int count) {
        delivered.computeIfAbsent(partner, p -> Counter.builder("delivery.events.delivered").tag("partner", p)
                .description("Events delivered to partners").register(registry)).increment(count);
    }

    @Override
    public void slowDisconnect(String partner) {
        slow.computeIfAbsent(partner, p -> Counter.builder("delivery.slow.disconnects").tag("partner", p)
                .description("Connections closed because the partner fell behind").register(registry)).increment();
    }
}
