package dev.pipeline.router.lease;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.pipeline.envelope.CloudEvent;
import dev.pipeline.envelope.CloudEventJson;
import dev.pipeline.envelope.RouterHeartbeat;
import dev.pipeline.infra.testing.MutableClock;

class KinesisLeaseTest {

    private static final Duration LENGTH = Duration.ofSeconds(1);

    private final MutableClock clock = new MutableClock(Instant.parse("2020-11-25T13:00:00Z"));
    private final KinesisLease lease = new KinesisLease(clock, new RecentKinesisWrites(clock, Duration.ofSeconds(3)));

    @Test
    void noKinesisWriteBeforeTheRouterAnnouncedItselfAndWaitedTheAnnouncementDelay() {
        assertFalse(lease.beginKinesisWrite(), "not announced yet");
        assertNull(lease.kinesisWritesFrom());
        lease.announced();
        clock.advance(RouterHeartbeat.ANNOUNCEMENT.minusMillis(1));
        assertFalse(lease.beginKinesisWrite());
        clock.advance(Duration.ofMillis(1));
        assertTrue(lease.beginKinesisWrite());
    }

    @Test
    void aGrantedLeaseHoldsKinesisWritesBackUntilItEndsAndIsRepeatedInLaterHeartbeats() {
        announcedLongAgo();
        RouterHeartbeat granted = lease.heartbeat(true, LENGTH);
        Instant end = clock.instant().plus(LENGTH);
        assertEquals(end, granted.kinesisQuietUntil());
        clock.advance(Duration.ofMillis(400));
        assertEquals(end, lease.heartbeat(false, LENGTH).kinesisQuietUntil(), "a lease not renewed still runs");
        assertFalse(lease.beginKinesisWrite());
        clock.advance(Duration.ofMillis(600));
        assertTrue(lease.beginKinesisWrite());
        assertNull(lease.heartbeat(false, LENGTH).kinesisQuietUntil());
    }

    @Test
    void noLeaseWhileAKinesisWriteIsInFlight() {
        announcedLongAgo();
        assertTrue(lease.beginKinesisWrite());
        assertNull(lease.heartbeat(true, LENGTH).kinesisQuietUntil(), "the write might store records after the lease began");
        lease.kinesisWriteEnded(List.of(event("a")));
        assertEquals(clock.instant().plus(LENGTH), lease.heartbeat(true, LENGTH).kinesisQuietUntil());
    }

    @Test
    void heartbeatsSayWhenTheLastKinesisWriteThatStoredRecordsEnded() {
        announcedLongAgo();
        assertNull(lease.heartbeat(false, LENGTH).kinesisQuietSince());
        assertTrue(lease.beginKinesisWrite());
        clock.advance(Duration.ofMillis(30));
        lease.kinesisWriteEnded(List.of(event("a")));
        Instant stored = clock.instant();
        assertTrue(lease.beginKinesisWrite());
        clock.advance(Duration.ofMillis(500));
        lease.kinesisWriteEnded(List.of()); // timed out: its records were rewritten to Kafka
        assertEquals(stored, lease.heartbeat(true, LENGTH).kinesisQuietSince());
    }

    @Test
    void eachRouterHasItsOwnId() {
        assertFalse(lease.router().equals(new KinesisLease(clock, new RecentKinesisWrites(clock, Duration.ofSeconds(3))).router()));
        assertEquals(lease.router(), lease.heartbeat(false, LENGTH).router());
    }

    static CloudEvent event(String id) {
        return CloudEventJson.parse("{\"specversion\":\"1.0\",\"id\":\"" + id
                + "\",\"source\":\"/test\",\"type\":\"t\",\"partitionkey\":\"key-" + id + "\"}");
    }

    private void announcedLongAgo() {
        lease.announced();
        clock.advance(RouterHeartbeat.ANNOUNCEMENT);
    }
}
