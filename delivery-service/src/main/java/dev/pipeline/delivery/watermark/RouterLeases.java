package dev.pipeline.delivery.watermark;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

import dev.pipeline.envelope.KinesisHeartbeat;
import dev.pipeline.envelope.RouterHeartbeat;

/**
 * The routers' promises about their writes, and how far they let a source's bound in the watermark advance beyond
 * what reading that source shows. Each stream carries the promises about the other: heartbeats in Kafka promise no
 * Kinesis writes for a while (so the merge need not wait on the Kinesis stream while every router writes to Kafka:
 * each poll of Kinesis plus its allowance, ~0.45 s locally), heartbeats in Kinesis promise no Kafka writes (a router
 * writes them only while Kafka does not answer it, so the merge need not wait on a Kafka it cannot read either for
 * the idle timeout). A source's bound rises only when some router was heard of, every router heard of (through either
 * stream) holds a lease on it, and reading it has passed the last record each stored there; it rises to the earliest
 * lease, and not past what has been read of the other stream plus the announcement delay. A router silent on both
 * streams for longer than the expiry is forgotten. Not thread-safe: the merger calls it under its lock.
 */
public final class RouterLeases {

    /** A promise about one stream: no write before {@code quietUntil}, everything stored before {@code quietSince}. */
    private record Promise(Instant quietUntil, Instant quietSince, Instant heardAt) {
    }

    /** A router's latest promises: about Kinesis (heard through Kafka) and about Kafka (heard through Kinesis). */
    private record Promises(Promise kinesis, Promise kafka) {

        Instant lastHeard() {
            if (kinesis == null || kafka == null) {
                return kinesis == null ? kafka.heardAt() : kinesis.heardAt();
            }
            return kinesis.heardAt().isAfter(kafka.heardAt()) ? kinesis.heardAt() : kafka.heardAt();
        }
    }

    private final Duration expiry;
    private final Map<String, Promises> routers = new HashMap<>();

    public RouterLeases(Duration expiry) {
        this.expiry = expiry;
    }

    /** A heartbeat Kafka stored at {@code storedAt}; it replaces the router's earlier promise about Kinesis. */
    public void heard(RouterHeartbeat heartbeat, Instant storedAt) {
        Promise kinesis = new Promise(heartbeat.kinesisQuietUntil(), heartbeat.kinesisQuietSince(), storedAt);
        routers.merge(heartbeat.router(), new Promises(kinesis, null), (old, fresh) -> new Promises(kinesis, old.kafka()));
    }

    /** A heartbeat Kinesis stored at {@code arrivedAt}; it replaces the router's earlier promise about Kafka. */
    public void heard(KinesisHeartbeat heartbeat, Instant arrivedAt) {
        Promise kafka = new Promise(heartbeat.kafkaQuietUntil(), heartbeat.kafkaQuietSince(), arrivedAt);
        routers.merge(heartbeat.router(), new Promises(null, kafka), (old, fresh) -> new Promises(old.kinesis(), kafka));
    }

    /**
     * The Kinesis bound: {@code readBound} (Kinesis' caught-up time minus its allowance), raised by the leases when
     * they allow. {@code kafkaCaughtUp}: every heartbeat stored in Kafka before it has been heard; {@code allowance}
     * covers the skew between the routers' clocks and Kinesis'.
     */
    Instant kinesisBound(Instant readBound, Instant kafkaCaughtUp, Duration allowance) {
        return bound(readBound, kafkaCaughtUp, allowance, Promises::kinesis);
    }

    /** The Kafka bound, the mirror of {@link #kinesisBound}: raised by the leases heard through Kinesis. */
    Instant kafkaBound(Instant readBound, Instant kinesisCaughtUp, Duration allowance) {
        return bound(readBound, kinesisCaughtUp, allowance, Promises::kafka);
    }

    private Instant bound(Instant readBound, Instant otherCaughtUp, Duration allowance,
                          Function<Promises, Promise> about) {
        Instant forgetBefore = otherCaughtUp.minus(expiry);
        routers.values().removeIf(promises -> promises.lastHeard().isBefore(forgetBefore));
        if (routers.isEmpty()) {
            return readBound; // no router heard of: nothing is promised (routers without heartbeats, or none running)
        }
        Instant lease = otherCaughtUp.plus(RouterHeartbeat.ANNOUNCEMENT);
        for (Promises promises : routers.values()) {
            Promise promise = about.apply(promises);
            if (promise == null || promise.quietUntil() == null) {
                return readBound; // this router may write to the stream now
            }
            if (promise.quietSince() != null && readBound.isBefore(promise.quietSince())) {
                return readBound; // its last records there may not have been read yet
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
