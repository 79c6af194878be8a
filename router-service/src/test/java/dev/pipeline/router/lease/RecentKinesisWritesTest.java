package dev.pipeline.router.lease;

import static dev.pipeline.router.lease.KinesisLeaseTest.event;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.pipeline.envelope.CloudEvent;
import dev.pipeline.infra.testing.MutableClock;

class RecentKinesisWritesTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2020-11-25T13:00:00Z"));
    private final RecentKinesisWrites recent = new RecentKinesisWrites(clock, Duration.ofSeconds(3));

    @Test
    void theQuietTimeIsTheNewestKeptWriteWhileNothingIsCopied() {
        assertNull(recent.quietSince(), "nothing ever stored");
        recent.stored(List.of(event("a")));
        clock.advance(Duration.ofSeconds(1));
        recent.stored(List.of(event("b")));
        assertEquals(clock.instant(), recent.quietSince());
        assertEquals(List.of(), recent.take(Set.of("key-a", "key-b")), "nothing is handed out before a failover");
    }

    @Test
    void afterAFailoverEachKeptEventIsHandedOutOnceByKeyAndTheQuietTimeFallsToTheWindowsStart() {
        CloudEvent a = event("a");
        CloudEvent b = event("b");
        recent.stored(List.of(a));
        clock.advance(Duration.ofSeconds(4)); // a falls out of the window uncopied
        Instant evicted = clock.instant().minusSeconds(4);
        recent.stored(List.of(b));
        recent.startCopying();
        assertEquals(Set.of("key-b"), recent.keys());
        assertEquals(List.of(b), recent.take(Set.of("key-b")));
        assertEquals(List.of(), recent.take(Set.of("key-b")), "handed out once");
        assertEquals(evicted, recent.quietSince(), "every record since then has a copy in Kafka");
    }

    @Test
    void copiesKafkaDidNotConfirmLeaveTheirRecordsUncopied() {
        recent.stored(List.of(event("a")));
        recent.startCopying();
        List<CloudEvent> taken = recent.take(Set.of("key-a"));
        clock.advance(Duration.ofMillis(200));
        recent.notCopied(taken);
        assertEquals(clock.instant(), recent.quietSince());
    }
}
