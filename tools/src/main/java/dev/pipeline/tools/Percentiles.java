package dev.pipeline.tools;

import java.util.Collection;
import java.util.Map;

import org.HdrHistogram.Histogram;

/** p50, p99 and max of a latency distribution, in milliseconds (recorded in microseconds with HdrHistogram). */
public record Percentiles(double p50Ms, double p99Ms, double maxMs, long count) {

    public static Percentiles of(Histogram micros) {
        if (micros.getTotalCount() == 0) {
            return new Percentiles(0, 0, 0, 0);
        }
        return new Percentiles(ms(micros.getValueAtPercentile(50)), ms(micros.getValueAtPercentile(99)),
                ms(micros.getMaxValue()), micros.getTotalCount());
    }

    /** Puts {@code <prefix>p50_ms}, {@code <prefix>p99_ms} and {@code <prefix>max_ms} into a JSON line. */
    public void putInto(Map<String, Object> line, String prefix) {
        line.put(prefix + "p50_ms", p50Ms);
        line.put(prefix + "p99_ms", p99Ms);
        line.put(prefix + "max_ms", maxMs);
    }

    public static Percentiles ofMicros(Collection<Long> micros) {
        Histogram histogram = newHistogram();
        micros.forEach(value -> histogram.recordValue(Math.max(0, value)));
        return of(histogram);
    }

    /** A histogram for microsecond latencies up to an hour, 3 significant digits. */
    public static Histogram newHistogram() {
        return new Histogram(3_600_000_000L, 3);
    }

    private static double ms(long micros) {
        return Math.round(micros / 100.0) / 10.0;
    }
}
