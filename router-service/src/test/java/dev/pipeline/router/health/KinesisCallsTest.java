package dev.pipeline.router.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.pipeline.infra.testing.MutableClock;

/** Kinesis calls one by one: in flight until they end however they end, figures over the window only. */
class KinesisCallsTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-03T12:00:00Z"));
    private final KinesisCalls calls = new KinesisCalls(clock, Duration.ofSeconds(2));

    @Test
    void eachCallIsTimedOnItsOwnNotTheWriteItBelongsTo() {
        for (int i = 0; i < 10; i++) { // ten calls of 40 ms each: one write of 400 ms
            long id = calls.started();
            clock.advance(Duration.ofMillis(40));
            assertEquals(Duration.ofMillis(40), calls.oldestInFlight());
            calls.answered(id, 1, 0, 0);
        }
        assertEquals(Duration.ZERO, calls.oldestInFlight());
        assertEquals(new KinesisCalls.Recent(10, 40, 10, 0, 0), calls.recent());
    }

    @Test
    void aCallEndedWithoutFiguresLeavesNothingInFlightAndCountsNothing() {
        long id = calls.started();
        clock.advance(Duration.ofSeconds(5));
        calls.ended(id);
        calls.ended(id);
        assertEquals(0, calls.inFlight());
        assertEquals(Duration.ZERO, calls.oldestInFlight());
        assertEquals(0, calls.recent().calls());
    }

    @Test
    void failedCallsCountEveryEntryAndOldCallsLeaveTheWindow() {
        long failed = calls.started();
        clock.advance(Duration.ofMillis(100));
        calls.failed(failed, 20);
        long answered = calls.started();
        clock.advance(Duration.ofMillis(300));
        calls.answered(answered, 20, 2, 5);
        assertEquals(new KinesisCalls.Recent(2, 100, 40, 22, 5), calls.recent());

        clock.advance(Duration.ofMillis(1900));
        assertEquals(new KinesisCalls.Recent(1, 300, 20, 2, 5), calls.recent(), "the first call left the 2 s window");
        calls.forget();
        assertEquals(0, calls.recent().calls());
    }

    @Test
    void aCallKeptWaitingWhileOthersAreAnsweredIsABusyKinesisNotAStall() {
        Duration threshold = Duration.ofMillis(500);
        long slow = calls.started();
        for (int i = 0; i < 6; i++) { // Kinesis answers a call every 100 ms while the slow one waits
            long other = calls.started();
            clock.advance(Duration.ofMillis(100));
            calls.answered(other, 1, 0, 0);
        }
        assertEquals(Duration.ofMillis(600), calls.oldestInFlight());
        assertEquals(Optional.empty(), calls.stall(threshold));

        clock.advance(Duration.ofMillis(501)); // then nothing is answered for longer than the threshold: a hang
        Optional<String> stall = calls.stall(threshold);
        assertTrue(stall.isPresent());
        assertEquals("Kinesis call stalled for 1101 ms, no call answered for 501 ms", stall.get());
        calls.answered(slow, 1, 0, 0);
        assertEquals(Optional.empty(), calls.stall(threshold), "nothing in flight");
    }

    @Test
    void aLoneCallBeyondTheThresholdIsAStallWhenNothingElseWasAnsweredMeanwhile() {
        long first = calls.started();
        clock.advance(Duration.ofMillis(20));
        calls.answered(first, 1, 0, 0);
        clock.advance(Duration.ofSeconds(30)); // idle, then one call that hangs
        calls.started();
        clock.advance(Duration.ofMillis(400));
        assertEquals(Optional.empty(), calls.stall(Duration.ofMillis(500)));
        clock.advance(Duration.ofMillis(200));
        assertEquals(Optional.of("Kinesis call stalled for 600 ms, no call answered for 30600 ms"),
                calls.stall(Duration.ofMillis(500)));
    }
}
