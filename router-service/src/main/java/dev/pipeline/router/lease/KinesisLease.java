package dev.pipeline.router.lease;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import dev.pipeline.envelope.CloudEvent;
import dev.pipeline.envelope.RouterHeartbeat;

/**
 * This router's promises to delivery about its Kinesis writes, and the gate that keeps them: no Kinesis write before
 * the router has announced itself ({@link RouterHeartbeat#ANNOUNCEMENT} after Kafka acknowledged its first
 * heartbeat), none while a lease it granted runs, and no lease while a Kinesis write is in flight (a lease must not
 * hide a record still being stored). Pure logic: time comes from the given clock.
 */
public final class KinesisLease {

    private final String router = UUID.randomUUID().toString();
    private final Clock clock;
    private final RecentKinesisWrites recent;
    private Instant announcedAt;
    private Instant leaseEnd = Instant.EPOCH;
    private int writesInFlight;

    public KinesisLease(Clock clock, RecentKinesisWrites recent) {
        this.clock = clock;
        this.recent = recent;
    }

    /** Starts a Kinesis write if no promise forbids one now; each true is followed by {@link #kinesisWriteEnded}. */
    public synchronized boolean beginKinesisWrite() {
        if (!kinesisAllowed()) {
            return false;
        }
        writesInFlight++;
        return true;
    }

    /** A Kinesis write begun with {@link #beginKinesisWrite} ended; Kinesis confirmed {@code stored} of its events. */
    public synchronized void kinesisWriteEnded(List<CloudEvent> stored) {
        writesInFlight--;
        if (!stored.isEmpty()) {
            recent.stored(stored);
        }
    }

    /** Kafka answered this router's first heartbeat (stored or not: a starting router must not wait forever). */
    public synchronized void announced() {
        if (announcedAt == null) {
            announcedAt = clock.instant();
        }
    }

    /**
     * The heartbeat to send now. With {@code kafkaOnly} (writes go to Kafka and Kafka takes them) and no Kinesis write
     * in flight, it grants a lease of {@code length}; otherwise it repeats a lease that still runs, if any.
     */
    public synchronized RouterHeartbeat heartbeat(boolean kafkaOnly, Duration length) {
        Instant now = clock.instant();
        if (kafkaOnly && writesInFlight == 0) {
            Instant until = now.plus(length);
            if (until.isAfter(leaseEnd)) {
                leaseEnd = until;
            }
        }
        return new RouterHeartbeat(router, leaseEnd.isAfter(now) ? leaseEnd : null, recent.quietSince());
    }

    /** When Kinesis writes may start, as far as the promises go; null before the router has announced itself. */
    public synchronized Instant kinesisWritesFrom() {
        if (announcedAt == null) {
            return null;
        }
        Instant announcement = announcedAt.plus(RouterHeartbeat.ANNOUNCEMENT);
        return announcement.isAfter(leaseEnd) ? announcement : leaseEnd;
    }

    /** Whether a lease this router granted still runs. */
    public synchronized boolean leaseRuns() {
        return leaseEnd.isAfter(clock.instant());
    }

    public String router() {
        return router;
    }

    private boolean kinesisAllowed() {
        Instant from = kinesisWritesFrom();
        return from != null && !clock.instant().isBefore(from);
    }
}
