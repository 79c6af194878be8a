package dev.pipeline.router.lease;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import dev.pipeline.envelope.KinesisHeartbeat;

/**
 * This router's promises to delivery about its Kafka writes, and the gate that keeps them: the mirror of
 * {@link KinesisLease}. While Kafka does not answer the router, it grants leases "no Kafka write of events from me
 * before now + length" through Kinesis, so delivery, which then cannot read Kafka either, need not wait on it; no
 * Kafka write starts while a lease runs, and no lease is granted while a Kafka write is in flight (a lease must not
 * hide a record still being stored). A lease costs nothing while Kafka does not answer; when Kafka answers again the
 * router stops granting them, and a Kafka write waits at most the rest of the last one. Pure logic: time comes from
 * the given clock.
 */
public final class KafkaLease {

    private final String router;
    private final Clock clock;
    private Instant leaseEnd = Instant.EPOCH;
    private Instant lastWriteEnded;
    private int writesInFlight;

    /** {@code router}: this router's id, the one its Kafka heartbeats carry. */
    public KafkaLease(Clock clock, String router) {
        this.clock = clock;
        this.router = router;
    }

    /** Starts a Kafka write of events unless a lease runs; each true is followed by {@link #kafkaWriteEnded}. */
    public synchronized boolean beginKafkaWrite() {
        if (clock.instant().isBefore(leaseEnd)) {
            return false;
        }
        writesInFlight++;
        return true;
    }

    /** A Kafka write begun with {@link #beginKafkaWrite} ended: whatever it stored was stored by now. */
    public synchronized void kafkaWriteEnded() {
        writesInFlight--;
        lastWriteEnded = clock.instant();
    }

    /**
     * The heartbeat to write to Kinesis now that Kafka does not answer: it grants a lease of {@code length} unless a
     * Kafka write is in flight; empty when it promises nothing (no lease runs).
     */
    public synchronized Optional<KinesisHeartbeat> heartbeat(Duration length) {
        Instant now = clock.instant();
        if (writesInFlight == 0) {
            Instant until = now.plus(length);
            if (until.isAfter(leaseEnd)) {
                leaseEnd = until;
            }
        }
        return leaseEnd.isAfter(now)
                ? Optional.of(new KinesisHeartbeat(router, leaseEnd, lastWriteEnded))
                : Optional.empty();
    }

    /** Whether a lease this router granted still runs. */
    public synchronized boolean leaseRuns() {
        return leaseEnd.isAfter(clock.instant());
    }

    /** The end of the latest lease (the epoch before any): no Kafka write starts before it. */
    public synchronized Instant kafkaWritesFrom() {
        return leaseEnd;
    }
}
