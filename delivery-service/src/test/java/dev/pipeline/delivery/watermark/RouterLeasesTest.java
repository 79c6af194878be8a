package dev.pipeline.delivery.watermark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import dev.pipeline.envelope.RouterHeartbeat;

class RouterLeasesTest {

    private static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");
    private static final Duration ALLOWANCE = Duration.ofMillis(250);
    /** What reading Kinesis alone allows: its last caught-up round, less its allowance, well behind Kafka. */
    private static final Instant READ_BOUND = NOW.minusMillis(450);

    private final RouterLeases leases = new RouterLeases(Duration.ofSeconds(30));

    @Test
    void withNoRouterHeardOfNothingIsPromised() {
        assertEquals(READ_BOUND, leases.kinesisBound(READ_BOUND, NOW, ALLOWANCE));
    }

    @Test
    void aLongLeaseRaisesItOnlyToTheAnnouncementDelayPastWhatKafkaShowed() {
        leases.heard(new RouterHeartbeat("a", NOW.plusSeconds(5), null), NOW);
        // a router not heard of yet may write to Kinesis that long after its first heartbeat, stored after NOW
        assertEquals(NOW.plus(RouterHeartbeat.ANNOUNCEMENT).minus(ALLOWANCE), leases.kinesisBound(READ_BOUND, NOW, ALLOWANCE));
    }

    @Test
    void aRouterThatMayWriteToKinesisKeepsTheBoundToWhatWasRead() {
        leases.heard(new RouterHeartbeat("a", NOW.plusSeconds(1), null), NOW);
        leases.heard(new RouterHeartbeat("b", null, NOW.minusMillis(5)), NOW);
        assertEquals(READ_BOUND, leases.kinesisBound(READ_BOUND, NOW, ALLOWANCE));
    }

    @Test
    void theEarliestLeaseBoundsItWhenEveryRouterHoldsOne() {
        leases.heard(new RouterHeartbeat("a", NOW.plusMillis(900), null), NOW);
        leases.heard(new RouterHeartbeat("b", NOW.plusMillis(700), null), NOW);
        assertEquals(NOW.plusMillis(700).minus(ALLOWANCE), leases.kinesisBound(READ_BOUND, NOW, ALLOWANCE));
    }

    @Test
    void aLeaseCountsOnlyOnceReadingKinesisPassedTheRoutersLastStoredRecord() {
        Instant lastStored = NOW.minusMillis(300);
        leases.heard(new RouterHeartbeat("a", NOW.plusSeconds(1), lastStored), NOW);
        assertEquals(READ_BOUND, leases.kinesisBound(READ_BOUND, NOW, ALLOWANCE), "records stored up to 300 ms ago may be unread");
        Instant readPast = lastStored.plusMillis(1);
        assertEquals(NOW.plusSeconds(1).minus(ALLOWANCE), leases.kinesisBound(readPast, NOW, ALLOWANCE));
    }

    @Test
    void anExpiredLeaseNeverLowersTheBound() {
        leases.heard(new RouterHeartbeat("a", NOW.minusSeconds(5), null), NOW.minusSeconds(6));
        assertEquals(READ_BOUND, leases.kinesisBound(READ_BOUND, NOW, ALLOWANCE));
    }

    @Test
    void aRouterSilentForLongerThanTheExpiryIsForgotten() {
        leases.heard(new RouterHeartbeat("killed", null, NOW.minusSeconds(40)), NOW.minusSeconds(31));
        leases.heard(new RouterHeartbeat("alive", NOW.plusMillis(800), null), NOW);
        assertEquals(NOW.plusMillis(800).minus(ALLOWANCE), leases.kinesisBound(READ_BOUND, NOW, ALLOWANCE));
        assertEquals(1, leases.known());
    }

    @Test
    void aLaterHeartbeatReplacesTheRoutersEarlierPromise() {
        leases.heard(new RouterHeartbeat("a", NOW.plusSeconds(1), null), NOW.minusMillis(100));
        leases.heard(new RouterHeartbeat("a", null, null), NOW);
        assertEquals(READ_BOUND, leases.kinesisBound(READ_BOUND, NOW, ALLOWANCE), "back on Kinesis");
    }
}
