package dev.pipeline.delivery.watermark;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import dev.pipeline.envelope.RouterHeartbeat;

/**
 * The routers' promises about their Kinesis writes, as their heartbeats in Kafka state them, and how far they let the
 * Kinesis bound of the watermark advance beyond what reading the stream shows. Without them the merge waits on the
 * Kinesis stream even while every router writes to Kafka (each poll of Kinesis plus its allowance: ~0.45 s locally).
 * The bound rises only when some router was heard of, every one holds a lease and reading Kinesis has passed the
 * last record each stored there without a copy in Kafka; it rises to the earliest lease, and not past what has been
 * read of Kafka plus the announcement delay (a router not heard of yet waits that long after its first heartbeat
 * before it writes to Kinesis). A router silent for longer than the expiry is forgotten. Not thread-safe: the merger
 * calls it under its lock.
 */
public final class RouterLeases {

    private record Promise(Instant quietUntil, Instant quietSince, Instant heardAt) {
    }

    private final Duration expiry;
    private final Map<String, Promise> routers = new HashMap<>();

    public RouterLeases(Duration expiry) {
        this.expiry = expiry;
    }

    /** A heartbeat Kafka stored at {@code storedAt}; it replaces the router's earlier ones. */
    public void heard(RouterHeartbeat heartbeat, Instant storedAt) {
        routers.put(heartbeat.router(),
                new Promise(heartbeat.kinesisQuietUntil(), heartbeat.kinesisQuietSince(), storedAt));
    }

    /**
     * The Kinesis bound: {@code readBound} (Kinesis' caught-up time minus its allowance), raised by the leases when
     * they allow. {@code kafkaCaughtUp}: every heartbeat stored before it has been heard; {@code allowance} covers the
     * skew between the routers' clocks and Kinesis'.
     */
    Instant kinesisBound(Instant readBound, Instant kafkaCaughtUp, Duration allowance) {
        Instant forgetBefore = kafkaCaughtUp.minus(expiry);
        routers.values().removeIf(promise -> promise.heardAt().isBefore(forgetBefore));
        if (routers.isEmpty()) {
            return readBound; // no router heard of: nothing is promised (routers without heartbeats, or none running)
        }
        Instant lease = kafkaCaughtUp.plus(RouterHeartbeat.ANNOUNCEMENT);
        for (Promise promise : routers.values()) {
            if (promise.quietUntil() == null) {
                return readBound; // this router may write to Kinesis now
            }
            if (promise.quietSince() != null && readBound.isBefore(promise.quietSince())) {
                return readBound; // its last Kinesis records may not have been read yet
            }
            if (promise.quietUntil().isBefore(lease)) {
                lease = promise.quietUntil();
            }
        }
        lease = lease.minus(allowance);
        return lease.isAfter(readBound) ? lease : readBound;
    }

    /** Routers heard of within the expiry. */
    public int known() {
        return routers.size();
    }
}
