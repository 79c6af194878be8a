package dev.pipeline.delivery.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import dev.pipeline.infra.testing.MutableClock;

class BackoffTest {

    @Test
    void doublesUpToTheMaximumAndResetsAfterASuccess() {
        Backoff backoff = new Backoff(Duration.ofMillis(200), Duration.ofMillis(700));
        assertEquals(Duration.ofMillis(200), backoff.failed());
        assertEquals(Duration.ofMillis(400), backoff.failed());
        assertEquals(Duration.ofMillis(700), backoff.failed());
        assertEquals(Duration.ofMillis(700), backoff.failed());
        assertEquals(Duration.ofMillis(200), backoff.succeeded());
        assertEquals(Duration.ofMillis(200), backoff.failed());
    }

    @Test
    void aSourceIsReadableOnceCaughtUpAndUntilItFailsOrFallsSilent() {
        MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
        SourceStatus status = new SourceStatus("kafka", clock, Duration.ofMillis(100), Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(30));
        assertFalse(status.readable());
        assertTrue(status.lastSuccess().isEmpty());
        status.readSucceeded(42);
        assertFalse(status.readable(), "still catching up");
        status.caughtUp(clock.instant());
        assertTrue(status.readable());
        status.failed("broker down");
        assertEquals("broker down", status.problem().orElseThrow());
        status.caughtUp(clock.instant());
        clock.advance(Duration.ofSeconds(11));
        assertFalse(status.live());
        assertFalse(status.readable());
    }
}
