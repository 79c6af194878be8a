package dev.pipeline.tools.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Reads ProducerPerformance's summary line (the last one, not the progress lines). */
class KafkaProducerBaselineTest {

    @Test
    void readsTheFinalSummary() {
        String output = """
                49981 records sent, 9994.2 records/sec (2.86 MB/sec), 812.3 ms avg latency, 1430.0 ms max latency.
                300000 records sent, 61124.7 records/sec (17.49 MB/sec), 402.15 ms avg latency, 1430.00 ms max latency, 371 ms 50th, 980 ms 95th, 1290 ms 99th, 1420 ms 99.9th.
                """;

        KafkaProducerBaseline.Result result = KafkaProducerBaseline.parse(output).orElseThrow();

        assertEquals(61124.7, result.recordsPerSecond());
        assertEquals(371, result.p50Ms());
        assertEquals(1290, result.p99Ms());
        assertEquals(1430.0, result.maxMs());
    }

    @Test
    void noSummaryIsNoResult() {
        assertTrue(KafkaProducerBaseline.parse("Exception in thread main").isEmpty());
    }
}
