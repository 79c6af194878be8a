package dev.pipeline.tools.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.pipeline.tools.Percentiles;

/** A fan-out phase counts only when it carried the whole load: a refused subscriber makes it a lighter run. */
class SseFanoutStatusTest {

    /** 100 events/s for 20 s: 2,000 due. */
    private static final Duration LOAD = Duration.ofSeconds(20);

    @Test
    void everySubscriberConnectedAndEveryEventReceivedIsMeasured() {
        assertEquals(SseFanout.MEASURED, result(1000, 1000, 2000, 2_000_000, 2_000_000).status(LOAD));
    }

    @Test
    void aPublisherBehindTheRateMakesThePhaseInvalid() {
        assertEquals("INVALID: 622 of 2000 events published (the publisher did not keep the rate)",
                result(1000, 1000, 622, 622_000, 622_000).status(LOAD));
    }

    @Test
    void subscribersRefusedMakeThePhaseInvalid() {
        assertEquals("INVALID: 100 of 1000 subscribers connected",
                result(1000, 100, 2000, 200_000, 200_000).status(LOAD));
    }

    @Test
    void eventsMissingMakeThePhaseInvalid() {
        assertEquals("INVALID: 1999990 of 2000000 events received",
                result(1000, 1000, 2000, 1_999_990, 2_000_000).status(LOAD));
    }

    private static SseFanout.Result result(int subscribers, int connected, long sent, long received, long expected) {
        Percentiles lag = Percentiles.ofMicros(List.of(1_000L));
        return new SseFanout.Result(subscribers, connected, 0, 100, sent, received, expected, lag, lag, lag);
    }
}
