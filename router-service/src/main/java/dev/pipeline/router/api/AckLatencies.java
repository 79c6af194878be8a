package dev.pipeline.router.api;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.pipeline.router.sink.EventSink;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Recent p50 and p99 of each sink's write (acknowledgement) latency for the console, read from the histogram the
 * {@code router.sink.write.latency} timer already keeps: the difference between its bucket counts now and about
 * {@link #WINDOW} ago, so the figures follow an outage instead of averaging the whole uptime.
 */
@ApplicationScoped
public class AckLatencies {

    /** How far back the percentiles look. */
    static final Duration WINDOW = Duration.ofSeconds(10);

    /** A sink's recent percentiles in milliseconds; null when it had no write in the window. */
    public record Latency(Double p50Ms, Double p99Ms, long writes) {
    }

    private record Sample(long atMillis, Map<String, CountAtBucket[]> counts) {
    }

    private static final String TIMER = "router.sink.write.latency";

    private final MeterRegistry registry;
    private final Clock clock = Clock.systemUTC();
    private final Deque<Sample> samples = new ArrayDeque<>();

    public AckLatencies(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Each sink's latency over the last window (sampled at most once a second, shared by every viewer). */
    public synchronized Map<String, Latency> recent() {
        long now = clock.millis();
        if (samples.isEmpty() || now - samples.peekLast().atMillis() >= 1000) {
            samples.addLast(new Sample(now, Map.of(EventSink.KINESIS, counts(EventSink.KINESIS),
                    EventSink.KAFKA, counts(EventSink.KAFKA))));
        }
        while (samples.size() > 2 && now - samples.peekFirst().atMillis() > WINDOW.toMillis()) {
            samples.removeFirst();
        }
        Map<String, Latency> latencies = new LinkedHashMap<>();
        for (String sink : new String[] {EventSink.KINESIS, EventSink.KAFKA}) {
            latencies.put(sink, between(samples.peekFirst().counts().get(sink), samples.peekLast().counts().get(sink)));
        }
        return latencies;
    }

    private CountAtBucket[] counts(String sink) {
        Timer timer = registry.find(TIMER).tag("sink", sink).timer();
        return timer == null ? new CountAtBucket[0] : timer.takeSnapshot().histogramCounts();
    }

    /** Percentiles of the writes counted between two cumulative histograms, interpolated within a bucket. */
    static Latency between(CountAtBucket[] older, CountAtBucket[] newer) {
        int buckets = newer.length;
        double[] bounds = new double[buckets];
        double[] cumulative = new double[buckets];
        for (int i = 0; i < buckets; i++) {
            bounds[i] = newer[i].bucket(TimeUnit.MILLISECONDS);
            cumulative[i] = newer[i].count() - (older.length == buckets ? older[i].count() : 0);
        }
        long writes = buckets == 0 ? 0 : Math.round(cumulative[buckets - 1]);
        if (writes <= 0) {
            return new Latency(null, null, 0);
        }
        return new Latency(quantile(bounds, cumulative, 0.50), quantile(bounds, cumulative, 0.99), writes);
    }

    private static double quantile(double[] bounds, double[] cumulative, double q) {
        double rank = q * cumulative[cumulative.length - 1];
        for (int i = 0; i < bounds.length; i++) {
            if (cumulative[i] >= rank) {
                double lower = i == 0 ? 0 : bounds[i - 1];
                double below = i == 0 ? 0 : cumulative[i - 1];
                double inBucket = cumulative[i] - below;
                return inBucket <= 0 ? bounds[i] : lower + (bounds[i] - lower) * (rank - below) / inBucket;
            }
        }
        return bounds[bounds.length - 1];
    }
}
