package dev.pipeline.router.health;

import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import dev.pipeline.router.config.RouterConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Each Kinesis API call the sink makes, one by one: the calls in flight, for the stall watchdog, and the recent
 * calls' latency and entry outcomes, for the gray-failure rules. A write of many records of one key is many calls,
 * each judged on its own: how a request is shaped never looks like a slow Kinesis.
 */
@ApplicationScoped
public class KinesisCalls {

    /** How the calls that ended within the window went. */
    public record Recent(int calls, long medianLatencyMs, int entries, int failedEntries, int throttledEntries) {

        /** Share of entries Kinesis failed (call failures included, throttling and invalid records not). */
        public double failedShare() {
            return entries == 0 ? 0 : (double) failedEntries / entries;
        }
    }

    /** Calls remembered; older ones drop out even within the window, which the rules do not need. */
    private static final int CAPACITY = 2048;

    private final Clock clock;
    private final long windowMillis;
    private final ConcurrentHashMap<Long, Long> inFlight = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private final long[] endedAt = new long[CAPACITY];
    private final long[] latency = new long[CAPACITY];
    private final int[] entries = new int[CAPACITY];
    private final int[] failed = new int[CAPACITY];
    private final int[] throttled = new int[CAPACITY];
    private int next;
    private int size;
    /** When Kinesis last answered a call (epoch ms; {@link Long#MIN_VALUE} before the first answer). */
    private volatile long lastAnswerMillis = Long.MIN_VALUE;

    @Inject
    public KinesisCalls(RouterConfig config) {
        this(Clock.systemUTC(), config.health().grayWindow());
    }

    public KinesisCalls(Clock clock, Duration window) {
        this.clock = clock;
        this.windowMillis = window.toMillis();
    }

    /** Marks a call started; end it with {@link #answered}, {@link #failed} or, whatever happened, {@link #ended}. */
    public long started() {
        long id = ids.incrementAndGet();
        inFlight.put(id, clock.millis());
        return id;
    }

    /** Kinesis answered the call: {@code failedEntries} of its entries failed, {@code throttledEntries} throttled. */
    public void answered(long id, int callEntries, int failedEntries, int throttledEntries) {
        lastAnswerMillis = clock.millis();
        record(id, callEntries, failedEntries, throttledEntries);
    }

    /** The call failed as a whole (server error, timeout, unreachable): every entry counts as failed. */
    public void failed(long id, int callEntries) {
        record(id, callEntries, callEntries, 0);
    }

    /** Ends a call without figures (throttled or refused as a whole, or an unexpected error); idempotent. */
    public void ended(long id) {
        inFlight.remove(id);
    }

    public int inFlight() {
        return inFlight.size();
    }

    /** Age of the oldest call still in flight, zero when none is. */
    public Duration oldestInFlight() {
        long now = clock.millis();
        return Duration.ofMillis(inFlight.values().stream().mapToLong(start -> now - start).max().orElse(0));
    }

    /**
     * Why Kinesis counts as stalled, if it does: a call in flight longer than {@code threshold} while Kinesis answered
     * no call for as long. A call kept waiting while others are answered is a busy endpoint, not a hung one: its
     * latency is the brownout rule's to judge, and if it hangs on, its attempt timeout fails it (a failure signal).
     */
    public Optional<String> stall(Duration threshold) {
        Duration oldest = oldestInFlight();
        long silentMillis = lastAnswerMillis == Long.MIN_VALUE ? Long.MAX_VALUE : clock.millis() - lastAnswerMillis;
        if (oldest.compareTo(threshold) <= 0 || silentMillis <= threshold.toMillis()) {
            return Optional.empty();
        }
        return Optional.of("Kinesis call stalled for " + oldest.toMillis() + " ms"
                + (silentMillis == Long.MAX_VALUE ? "" : ", no call answered for " + silentMillis + " ms"));
    }

    /** The calls that ended within the window. */
    public synchronized Recent recent() {
        long from = clock.millis() - windowMillis;
        long[] latencies = new long[size];
        int calls = 0;
        int totalEntries = 0;
        int totalFailed = 0;
        int totalThrottled = 0;
        for (int i = 0; i < size; i++) {
            if (endedAt[i] >= from) {
                latencies[calls++] = latency[i];
                totalEntries += entries[i];
                totalFailed += failed[i];
                totalThrottled += throttled[i];
            }
        }
        Arrays.sort(latencies, 0, calls);
        long median = calls == 0 ? 0 : latencies[(calls - 1) / 2];
        return new Recent(calls, median, totalEntries, totalFailed, totalThrottled);
    }

    /** Forgets the calls that ended so far: the rules judge Kinesis afresh after a failback. */
    public synchronized void forget() {
        size = 0;
        next = 0;
    }

    private void record(long id, int callEntries, int failedEntries, int throttledEntries) {
        Long start = inFlight.remove(id);
        if (start == null) {
            return;
        }
        long now = clock.millis();
        synchronized (this) {
            endedAt[next] = now;
            latency[next] = now - start;
            entries[next] = callEntries;
            failed[next] = failedEntries;
            throttled[next] = throttledEntries;
            next = (next + 1) % CAPACITY;
            size = Math.min(size + 1, CAPACITY);
        }
    }
}
