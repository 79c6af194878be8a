package dev.pipeline.router.lease;

import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.jboss.logging.Logger;

import dev.pipeline.envelope.KinesisHeartbeat;
import dev.pipeline.envelope.KinesisRecordCodec;
import dev.pipeline.router.config.RouterConfig;
import dev.pipeline.router.health.SinkHealths;
import dev.pipeline.router.routing.RoutingPolicy;
import dev.pipeline.router.sink.EventSink;
import dev.pipeline.support.concurrent.DaemonThreads;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * While Kafka leaves this router's heartbeats unanswered for longer than {@code router.lease.kafka-silence}, writes a
 * heartbeat to Kinesis granting a {@link KafkaLease} — at once, then every {@code kafka-lease-renewal} (Kafka's silence
 * is checked every lease interval) — so delivery, which cannot read a dead or hung Kafka either, does not hold the feed
 * for Kafka's idle timeout. Only while writes go to Kinesis, Kinesis takes them and no Kinesis lease runs, so the
 * router never holds both leases at once; nothing is written while Kafka answers. One write at a time, on its own
 * thread: a slow Kinesis delays heartbeats, never events, and is no health signal.
 */
@ApplicationScoped
public class KinesisHeartbeatPublisher {

    private static final Logger LOG = Logger.getLogger(KinesisHeartbeatPublisher.class);

    private final KinesisClient kinesis;
    private final RouterConfig config;
    private final KafkaLease lease;
    private final HeartbeatPublisher kafkaHeartbeats;
    private final RoutingPolicy policy;
    private final KinesisLease kinesisLease;
    private final SinkHealths health;
    /** When the latest heartbeat was written (System.nanoTime), 0: none since Kafka last answered; timer thread only. */
    private long lastWritten;
    private final ScheduledExecutorService timer =
            Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("router-kinesis-heartbeat"));

    public KinesisHeartbeatPublisher(KinesisClient kinesis, RouterConfig config, KafkaLease lease,
                                     HeartbeatPublisher kafkaHeartbeats, RoutingPolicy policy, KinesisLease kinesisLease,
                                     SinkHealths health) {
        this.kinesis = kinesis;
        this.config = config;
        this.lease = lease;
        this.kafkaHeartbeats = kafkaHeartbeats;
        this.policy = policy;
        this.kinesisLease = kinesisLease;
        this.health = health;
    }

    void start(@Observes StartupEvent started) {
        long interval = config.lease().interval().toMillis();
        timer.scheduleWithFixedDelay(this::beat, interval, interval, TimeUnit.MILLISECONDS);
    }

    private void beat() {
        // only while Kinesis takes the writes: a router holding both leases could write nowhere, and with both
        // streams failing a lease would only hold back the writes of a Kafka that comes back first
        if (kafkaHeartbeats.kafkaSilentFor().compareTo(config.lease().kafkaSilence()) <= 0
                || !EventSink.KINESIS.equals(policy.target()) || !health.kinesis().writable()
                || kinesisLease.leaseRuns()) {
            lastWritten = 0;
            return;
        }
        if (lastWritten != 0 && System.nanoTime() - lastWritten < config.lease().kafkaLeaseRenewal().toNanos()) {
            return; // the lease written last still runs long enough: each heartbeat is a Kinesis call
        }
        Optional<KinesisHeartbeat> heartbeat = lease.heartbeat(config.lease().kafkaLeaseLength());
        if (heartbeat.isEmpty()) {
            return; // a Kafka write is still in flight: nothing to promise yet
        }
        lastWritten = System.nanoTime();
        KinesisRecordCodec.KinesisRecord record = heartbeat.get().toRecord();
        try {
            kinesis.putRecord(r -> r.streamName(config.kinesis().stream()).partitionKey(record.partitionKey())
                    .data(SdkBytes.fromByteArrayUnsafe(record.data())));
        } catch (SdkException e) {
            LOG.debugf("Heartbeat not stored in Kinesis: %s", e.getMessage());
        } catch (RuntimeException e) {
            LOG.warn("Heartbeat to Kinesis failed", e); // never end the schedule
        }
    }

    @PreDestroy
    void close() {
        timer.shutdownNow();
    }
}
