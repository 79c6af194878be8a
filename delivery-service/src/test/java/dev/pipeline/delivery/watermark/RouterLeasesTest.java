package dev.pipeline.delivery.watermark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import dev.pipeline.envelope.KinesisHeartbeat;
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

    @Test
    void leasesHeardThroughKinesisRaiseTheKafkaBoundWhenEveryRouterHoldsOne() {
        Instant kafkaRead = NOW.minusSeconds(3); // Kafka stopped answering delivery three seconds ago
        leases.heard(new KinesisHeartbeat("a", NOW.plusMillis(900), null), NOW);
        leases.heard(new KinesisHeartbeat("b", NOW.plusMillis(700), NOW.minusSeconds(60)), NOW);
        assertEquals(NOW.plusMillis(700).minus(ALLOWANCE), leases.kafkaBound(kafkaRead, NOW, ALLOWANCE));
        assertEquals(READ_BOUND, leases.kinesisBound(READ_BOUND, NOW, ALLOWANCE), "nothing promised about Kinesis");
    }

    @Test
    void aRouterHeardOnlyThroughKafkaMayWriteToKafkaSoTheKafkaBoundStaysWhatWasRead() {
        Instant kafkaRead = NOW.minusSeconds(3);
        leases.heard(new RouterHeartbeat("on-kafka", NOW.plusSeconds(1), null), NOW.minusSeconds(3));
        leases.heard(new KinesisHeartbeat("b", NOW.plusMillis(700), null), NOW);
        assertEquals(kafkaRead, leases.kafkaBound(kafkaRead, NOW, ALLOWANCE));
    }

    @Test
    void aKafkaLeaseCountsOnlyOnceReadingKafkaPassedTheRoutersLastKafkaWrite() {
        Instant lastStored = NOW.minusSeconds(2);
        leases.heard(new KinesisHeartbeat("a", NOW.plusSeconds(1), lastStored), NOW);
        assertEquals(lastStored.minusMillis(1), leases.kafkaBound(lastStored.minusMillis(1), NOW, ALLOWANCE));
        assertEquals(NOW.plusSeconds(1).minus(ALLOWANCE), leases.kafkaBound(lastStored, NOW, ALLOWANCE));
    }

    @Test
    void promisesAboutEachStreamAreKeptApartAndTheRouterIsKnownOnce() {
        leases.heard(new RouterHeartbeat("a", NOW.plusMillis(800), null), NOW);
        leases.heard(new KinesisHeartbeat("a", NOW.plusMillis(600), null), NOW);
        assertEquals(NOW.plusMillis(800).minus(ALLOWANCE), leases.kinesisBound(READ_BOUND, NOW, ALLOWANCE));
        assertEquals(NOW.plusMillis(600).minus(ALLOWANCE), leases.kafkaBound(READ_BOUND, NOW, ALLOWANCE));
        assertEquals(1, leases.known());
        leases.heard(new RouterHeartbeat("a", null, null), NOW.plusMillis(100));
        assertEquals(NOW.plusMillis(600).minus(ALLOWANCE), leases.kafkaBound(READ_BOUND, NOW, ALLOWANCE),
                "a later heartbeat through Kafka leaves the promise about Kafka standing");
    }

    @Test
    void aRouterSilentOnBothStreamsForLongerThanTheExpiryIsForgotten() {
        leases.heard(new RouterHeartbeat("killed", null, null), NOW.minusSeconds(31));
        leases.heard(new KinesisHeartbeat("alive", NOW.plusMillis(800), null), NOW);
        assertEquals(NOW.plusMillis(800).minus(ALLOWANCE), leases.kafkaBound(READ_BOUND, NOW, ALLOWANCE));
        assertEquals(1, leases.known());
    }
}
