package dev.pipeline.delivery.source;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Records on a stream that are not events of this pipeline (another tool's records, truncated, junk or oversized
 * bytes): skipped, counted per source and reason ({@code delivery.records.rejected}), the latest few kept for the
 * admin listing, and logged with their position at most once per interval per source (with how many went unlogged),
 * so a flood of them neither stops a reader, nor floods the log, nor grows memory.
 */
public final class RejectedRecords {

    private static final Logger LOG = Logger.getLogger(RejectedRecords.class);

    private final MeterRegistry registry;
    private final int kept;
    private final long logIntervalNanos;
    private final Clock clock;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final Map<String, Long> lastLogged = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> unlogged = new ConcurrentHashMap<>();
    private final Deque<RejectedRecord> recent = new ArrayDeque<>();

    /** Counts in {@code registry}, keeps the latest {@code kept}, logs at most once per {@code logInterval} per source. */
    public RejectedRecords(MeterRegistry registry, int kept, Duration logInterval, Clock clock) {
        this.registry = registry;
        this.kept = kept;
        this.logIntervalNanos = logInterval.toNanos();
        this.clock = clock;
    }

    /**
     * For a reader whose records the live feed reads too (a catch-up read): it skips the same records, which the live
     * feed has already counted, kept and logged.
     */
    public static RejectedRecords uncounted() {
        return new RejectedRecords(null, 0, Duration.ZERO, Clock.systemUTC());
    }

    /** Skips one record: {@code content} is its bytes (for the size and excerpt), {@code detail} what was wrong. */
    public void reject(String source, String lane, String position, String reason, long bytes, byte[] content,
                       String detail) {
        if (registry == null) {
            return;
        }
        counters.computeIfAbsent(source + "/" + reason, key -> Counter.builder("delivery.records.rejected")
                .tags("source", source, "reason", reason)
                .description("Records on a stream skipped because they are not events of this pipeline")
                .register(registry)).increment();
        RejectedRecord record = new RejectedRecord(source, lane, position, reason, bytes, clock.instant(),
                RejectedRecord.excerpt(content), RejectedRecord.shortDetail(detail));
        synchronized (recent) {
            recent.addFirst(record);
            if (recent.size() > kept) {
                recent.removeLast();
            }
        }
        log(record);
    }

    /** How many of the latest skipped records are kept. */
    public int capacity() {
        return kept;
    }

    /** The latest skipped records, newest first. */
    public List<RejectedRecord> recent() {
        synchronized (recent) {
            return new ArrayList<>(recent);
        }
    }

    private void log(RejectedRecord record) {
        long now = System.nanoTime();
        Long last = lastLogged.get(record.source());
        AtomicLong skipped = unlogged.computeIfAbsent(record.source(), source -> new AtomicLong());
        if (last != null && now - last < logIntervalNanos) {
            skipped.incrementAndGet();
            return;
        }
        lastLogged.put(record.source(), now);
        long notLogged = skipped.getAndSet(0);
        LOG.warnf("Skipping %s record at %s/%s (%s, %d bytes): %s%s", record.source(), record.lane(),
                record.position(), record.reason(), record.bytes(), record.detail(),
                notLogged == 0 ? "" : " (and " + notLogged + " more skipped without a log line since the last)");
    }
}
