package dev.pipeline.delivery.source;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Records on a stream that are not events of this pipeline (another tool's records, truncated or junk bytes): skipped,
 * counted per source and reason ({@code delivery.records.rejected}), and logged with their position at most once a
 * second per source, so a flood of them neither stops a reader nor floods the log.
 */
public final class RejectedRecords {

    private static final Logger LOG = Logger.getLogger(RejectedRecords.class);
    private static final long LOG_INTERVAL_NANOS = 1_000_000_000L;

    private final MeterRegistry registry;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final Map<String, Long> lastLogged = new ConcurrentHashMap<>();

    /** {@code registry}: where to count, or null for a reader whose rejections the live feed already counts. */
    public RejectedRecords(MeterRegistry registry) {
        this.registry = registry;
    }

    public void reject(String source, String position, String reason, String detail) {
        if (registry != null) {
            counters.computeIfAbsent(source + "/" + reason, key -> Counter.builder("delivery.records.rejected")
                    .tags("source", source, "reason", reason)
                    .description("Records on a stream skipped because they are not events of this pipeline")
                    .register(registry)).increment();
            long now = System.nanoTime();
            Long last = lastLogged.get(source);
            if (last == null || now - last > LOG_INTERVAL_NANOS) {
                lastLogged.put(source, now);
                LOG.warnf("Skipping %s record %s (%s): %s", source, position, reason, detail);
            }
        }
    }
}
