package dev.pipeline.router.health;

import java.time.Clock;
import java.time.Duration;

import dev.pipeline.router.sink.SinkWriteException;

/**
 * Outcomes and latencies of a sink's writes over a sliding window, in one-second buckets, so the figures
 * reflect the last minute and not the whole uptime; memory is fixed by the window's length.
 */
final class OutcomeWindow {

    /** Totals over the window. */
    record Figures(long succeeded, long failed, long timedOut, long throttled, double meanLatencyMs, long maxLatencyMs,
                   double eventsPerSecond) {

        /** Failed share of all calls in the window, 0 when there were none. */
        double errorRatio() {
            long calls = succeeded + failed + timedOut + throttled;
            return calls == 0 ? 0 : (double) (failed + timedOut) / calls;
        }
    }

    private final Clock clock;
    private final long[][] buckets;
    private final long[] bucketSecond;

    private static final int OK = 0;
    private static final int FAILED = 1;
    private static final int TIMEOUT = 2;
    private static final int THROTTLED = 3;
    private static final int LATENCY_SUM = 4;
    private static final int LATENCY_MAX = 5;
    private static final int EVENTS = 6;
    private static final int FIELDS = 7;
    /** Seconds the events-per-second rate is averaged over (complete seconds only). */
    private static final int RATE_SECONDS = 5;

    OutcomeWindow(Clock clock, Duration window) {
        this.clock = clock;
        int seconds = (int) Math.max(1, window.toSeconds());
        this.buckets = new long[Math.max(seconds, RATE_SECONDS + 1)][FIELDS];
        this.bucketSecond = new long[seconds];
    }

    synchronized void success(long latencyMs, int events) {
        add(OK, latencyMs);
        buckets[(int) (clock.millis() / 1000 % buckets.length)][EVENTS] += events;
    }

    synchronized void failure(SinkWriteException.Cause cause, long latencyMs) {
        add(switch (cause) {
            case TIMEOUT -> TIMEOUT;
            case THROTTLED -> THROTTLED;
            default -> FAILED;
        }, latencyMs);
    }

    synchronized Figures figures() {
        long now = clock.millis() / 1000;
        long[] total = new long[FIELDS];
        long recentEvents = 0;
        for (int i = 0; i < buckets.length; i++) {
            if (now - bucketSecond[i] < buckets.length) {
                for (int k = 0; k < LATENCY_MAX; k++) {
                    total[k] += buckets[i][k];
                }
                total[LATENCY_MAX] = Math.max(total[LATENCY_MAX], buckets[i][LATENCY_MAX]);
                long age = now - bucketSecond[i];
                if (age >= 1 && age <= RATE_SECONDS) {
                    recentEvents += buckets[i][EVENTS];
                }
            }
        }
        long calls = total[OK] + total[FAILED] + total[TIMEOUT] + total[THROTTLED];
        return new Figures(total[OK], total[FAILED], total[TIMEOUT], total[THROTTLED],
                calls == 0 ? 0 : (double) total[LATENCY_SUM] / calls, total[LATENCY_MAX],
                (double) recentEvents / RATE_SECONDS);
    }

    private void add(int outcome, long latencyMs) {
        long second = clock.millis() / 1000;
        int index = (int) (second % buckets.length);
        if (bucketSecond[index] != second) {
            buckets[index] = new long[FIELDS];
            bucketSecond[index] = second;
        }
        buckets[index][outcome]++;
        buckets[index][LATENCY_SUM] += latencyMs;
        buckets[index][LATENCY_MAX] = Math.max(buckets[index][LATENCY_MAX], latencyMs);
    }
}
