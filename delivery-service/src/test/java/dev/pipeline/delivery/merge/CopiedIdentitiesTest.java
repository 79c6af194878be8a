package dev.pipeline.delivery.merge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

class CopiedIdentitiesTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void remembersACopyForItsSpanAsNewerCopiesArrive() {
        CopiedIdentities copies = new CopiedIdentities(100, Duration.ofHours(26));
        copies.copied("s", "first", T0);
        copies.copied("s", "a-day-later", T0.plus(Duration.ofHours(25)));
        assertTrue(copies.isCopied("s", "first"), "25 h is within the 26 h span");
        assertFalse(copies.isCopied("other-source", "first"), "an identity is source and id");

        copies.copied("s", "beyond", T0.plus(Duration.ofHours(27)));
        assertFalse(copies.isCopied("s", "first"), "older than the span as of the newest copy");
        assertTrue(copies.isCopied("s", "a-day-later"));
        assertEquals(2, copies.size());
        assertEquals(0, copies.forgottenEarly());
    }

    @Test
    void beyondItsCapacityForgetsTheOldestAndCountsThem() {
        CopiedIdentities copies = new CopiedIdentities(1_000, Duration.ofHours(26));
        for (int i = 0; i < 2_500; i++) {
            copies.copied("s", "id-" + i, T0.plusSeconds(i));
        }
        assertEquals(1_000, copies.size());
        assertEquals(1_500, copies.forgottenEarly());
        for (int i = 0; i < 2_500; i++) {
            assertEquals(i >= 1_500, copies.isCopied("s", "id-" + i), "id-" + i);
        }
    }

    @Test
    void aCopyReadTwiceIsRememberedOnce() {
        CopiedIdentities copies = new CopiedIdentities(10, Duration.ofHours(1));
        copies.copied("s", "x", T0);
        copies.copied("s", "x", T0.plusSeconds(1));
        assertEquals(1, copies.size());
    }
}
