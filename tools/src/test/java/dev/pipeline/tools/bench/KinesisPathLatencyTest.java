package dev.pipeline.tools.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import dev.pipeline.tools.Percentiles;

class KinesisPathLatencyTest {

    /** 200 events/s for 15 s: 3,000 due. */
    private static final Duration LOAD = Duration.ofSeconds(15);
    private static final Percentiles SOME = new Percentiles(400, 800, 900, 3000);

    private static SseFanout.Result received(long received, long expected) {
        return new SseFanout.Result(1, 1, 0, 200, expected, received, expected, SOME, SOME, SOME);
    }

    @Test
    void aRunWithoutTransitionsThatReceivedEverythingIsMeasured() {
        assertEquals("MEASURED", KinesisPathLatency.status(0, received(3000, 3000), LOAD));
    }

    @Test
    void aFailoverDuringTheLoadMakesTheRunInvalidEvenIfEverythingArrived() {
        String status = KinesisPathLatency.status(2, received(3000, 3000), LOAD);
        assertTrue(status.startsWith("INVALID: the router changed state 2 times"), status);
    }

    @Test
    void aProducerBehindTheRateMakesTheRunInvalid() {
        SseFanout.Result behind = new SseFanout.Result(1, 1, 0, 200, 1500, 1500, 1500, SOME, SOME, SOME);
        assertEquals("INVALID: 1500 of 3000 events published (the publisher did not keep the rate)",
                KinesisPathLatency.status(0, behind, LOAD));
    }

    @Test
    void eventsMissingAtTheEndMakeTheRunInvalid() {
        String status = KinesisPathLatency.status(0, received(2990, 3000), LOAD);
        assertEquals("INVALID: 2990 of 3000 events received", status);
    }
}
