package dev.pipeline.router.lease;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.pipeline.envelope.KinesisHeartbeat;
import dev.pipeline.infra.testing.MutableClock;

class KafkaLeaseTest {

    private static final Duration LENGTH = Duration.ofSeconds(1);
    private static final Instant START = Instant.parse("2020-11-25T13:00:00Z");

    private final MutableClock clock = new MutableClock(START);
    private final KafkaLease lease = new KafkaLease(clock, "router-a");

    @Test
    void kafkaWritesGoFreelyUntilALeaseIsGranted() {
        assertTrue(lease.beginKafkaWrite());
        lease.kafkaWriteEnded();
        assertEquals(Instant.EPOCH, lease.kafkaWritesFrom());
    }

    @Test
    void aGrantedLeaseHoldsKafkaWritesBackUntilItEndsAndNamesTheLastKafkaWrite() {
        assertTrue(lease.beginKafkaWrite());
        clock.advance(Duration.ofMillis(20));
        lease.kafkaWriteEnded();
        Instant lastWrite = clock.instant();
        clock.advance(Duration.ofSeconds(5));

        Optional<KinesisHeartbeat> granted = lease.heartbeat(LENGTH);

        assertEquals(Optional.of(new KinesisHeartbeat("router-a", clock.instant().plus(LENGTH), lastWrite)), granted);
        clock.advance(LENGTH.minusMillis(1));
        assertFalse(lease.beginKafkaWrite(), "the promise holds to its end");
        clock.advance(Duration.ofMillis(1));
        assertTrue(lease.beginKafkaWrite());
    }

    @Test
    void noLeaseWhileAKafkaWriteIsInFlightAndALeaseThatRunsIsRepeated() {
        assertTrue(lease.beginKafkaWrite());
        assertEquals(Optional.empty(), lease.heartbeat(LENGTH), "a write in flight may still be stored");
        lease.kafkaWriteEnded();
        Instant until = lease.heartbeat(LENGTH).orElseThrow().kafkaQuietUntil();
        clock.advance(Duration.ofMillis(300));
        assertTrue(lease.heartbeat(LENGTH).orElseThrow().kafkaQuietUntil().isAfter(until), "renewed");
    }

    @Test
    void aRouterThatNeverWroteToKafkaPromisesNoEarlierRecords() {
        assertNull(lease.heartbeat(LENGTH).orElseThrow().kafkaQuietSince());
    }
}
