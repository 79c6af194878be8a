package dev.pipeline.router.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.distribution.CountAtBucket;

/** The console's percentiles from two cumulative histograms: only the writes between them count. */
class AckLatenciesTest {

    private static final double MS = 1_000_000;

    private static CountAtBucket[] histogram(double... cumulativeCounts) {
        double[] boundsMs = {1, 10, 100, 1000};
        CountAtBucket[] buckets = new CountAtBucket[boundsMs.length];
        for (int i = 0; i < boundsMs.length; i++) {
            buckets[i] = new CountAtBucket(boundsMs[i] * MS, cumulativeCounts[i]);
        }
        return buckets;
    }

    @Test
    void percentilesCoverOnlyTheWritesSinceTheOlderSnapshot() {
        // before: 100 fast writes; since: 100 writes, 98 of them 10-100 ms and 2 of them 100-1000 ms
        AckLatencies.Latency latency = AckLatencies.between(histogram(100, 100, 100, 100),
                histogram(100, 100, 198, 200));
        assertEquals(100, latency.writes());
        assertEquals(10 + 90 * 50 / 98.0, latency.p50Ms(), 0.001);
        assertEquals(100 + 900 * 0.5, latency.p99Ms(), 0.001);
    }

    @Test
    void noWriteInTheWindowMeansNoFigure() {
        AckLatencies.Latency latency = AckLatencies.between(histogram(5, 7, 7, 7), histogram(5, 7, 7, 7));
        assertEquals(0, latency.writes());
        assertNull(latency.p50Ms());
        assertNull(latency.p99Ms());
    }

    @Test
    void aFirstSnapshotCountsEveryWrite() {
        AckLatencies.Latency latency = AckLatencies.between(new CountAtBucket[0], histogram(0, 4, 4, 4));
        assertEquals(4, latency.writes());
        assertEquals(1 + 9 * 0.5, latency.p50Ms(), 0.001);
    }
}
