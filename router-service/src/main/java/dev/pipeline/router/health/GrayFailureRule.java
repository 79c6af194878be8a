package dev.pipeline.router.health;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

import dev.pipeline.router.config.RouterConfig;

/**
 * When Kinesis counts as impaired by how its recent calls went though none stalled or failed outright: a share of
 * entries failing (InternalFailure, server errors, timeouts), or a brownout (the median call as slow as the brownout
 * latency, and slower than Kafka answers). Throttling and records refused as invalid never count: the first is a
 * capacity matter handled record by record, the second the producer's problem. Too few calls are never judged.
 */
public final class GrayFailureRule {

    private final Duration brownoutLatency;
    private final double errorShare;
    private final int minCalls;

    public GrayFailureRule(Duration brownoutLatency, double errorShare, int minCalls) {
        this.brownoutLatency = brownoutLatency;
        this.errorShare = errorShare;
        this.minCalls = minCalls;
    }

    public static GrayFailureRule of(RouterConfig.Health health) {
        return new GrayFailureRule(health.brownoutLatency(), health.errorShare(), health.grayMinCalls());
    }

    /** Why Kinesis is impaired, judging the recent calls beside Kafka's latest latency; empty while it is not. */
    public Optional<String> impairment(KinesisCalls.Recent recent, long kafkaLatencyMs) {
        if (recent.calls() < minCalls) {
            return Optional.empty();
        }
        if (recent.entries() > 0 && recent.failedShare() >= errorShare) {
            return Optional.of(String.format(Locale.ROOT, "%d of %d Kinesis entries failed in %d recent calls (%.0f%%)",
                    recent.failedEntries(), recent.entries(), recent.calls(), recent.failedShare() * 100));
        }
        if (recent.medianLatencyMs() >= brownoutLatency.toMillis() && recent.medianLatencyMs() > kafkaLatencyMs) {
            return Optional.of("Kinesis browned out: median latency " + recent.medianLatencyMs() + " ms over "
                    + recent.calls() + " recent calls (Kafka " + kafkaLatencyMs + " ms)");
        }
        return Optional.empty();
    }

    /** Whether a probe this slow counts as failed: a browned-out Kinesis must not be failed back to. */
    public boolean tooSlow(long probeLatencyMs) {
        return probeLatencyMs >= brownoutLatency.toMillis();
    }
}
