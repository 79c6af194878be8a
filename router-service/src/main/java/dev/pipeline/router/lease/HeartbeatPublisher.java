package dev.pipeline.router.lease;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.KafkaException;
import org.jboss.logging.Logger;

import dev.pipeline.envelope.RouterHeartbeat;
import dev.pipeline.router.config.RouterConfig;
import dev.pipeline.router.health.SinkHealths;
import dev.pipeline.router.routing.RoutingPolicy;
import dev.pipeline.router.sink.EventSink;
import dev.pipeline.support.concurrent.DaemonThreads;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Writes this router's heartbeat to the Kafka control topic on a fixed interval (delivery reads it there, and on the
 * events' topic where earlier routers wrote it, so a rolling upgrade loses no promise): a lease while its writes go to
 * Kafka and Kafka takes them, its latest Kinesis write otherwise. At startup it announces the router before the HTTP
 * server opens: the first heartbeat, then {@link RouterHeartbeat#ANNOUNCEMENT}, so the first write may go to Kinesis.
 * How long Kafka leaves them unanswered ({@link #kafkaSilentFor}) is what starts the Kafka leases written to Kinesis
 * ({@link KinesisHeartbeatPublisher}).
 */
@ApplicationScoped
public class HeartbeatPublisher {

    private static final Logger LOG = Logger.getLogger(HeartbeatPublisher.class);

    private final Producer<String, byte[]> producer;
    private final RouterConfig config;
    private final KinesisLease lease;
    private final RoutingPolicy policy;
    private final SinkHealths health;
    private final KafkaLease kafkaLease;
    private final AtomicBoolean sending = new AtomicBoolean();
    /** When the oldest heartbeat Kafka has not answered since its last answer was due (System.nanoTime), 0: none. */
    private final AtomicLong unansweredSince = new AtomicLong();
    private final ScheduledExecutorService timer =
            Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("router-heartbeat"));

    public HeartbeatPublisher(Producer<String, byte[]> producer, RouterConfig config, KinesisLease lease,
                              RoutingPolicy policy, SinkHealths health, KafkaLease kafkaLease) {
        this.producer = producer;
        this.config = config;
        this.lease = lease;
        this.policy = policy;
        this.health = health;
        this.kafkaLease = kafkaLease;
    }

    void announce(@Observes StartupEvent started) throws InterruptedException {
        try {
            producer.send(heartbeat().toControlRecord(config.control().topic()))
                    .get(config.kafka().deliveryTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException | KafkaException e) {
            // Kinesis must not wait on a dead Kafka: the router is known once its heartbeats get through
            LOG.warnf("First heartbeat not confirmed by Kafka (%s); Kinesis writes start after the announcement delay"
                    + " anyway", e.getMessage());
        }
        lease.announced();
        Thread.sleep(RouterHeartbeat.ANNOUNCEMENT.toMillis()); // the protocol's delay, not a wait for a condition
        long interval = config.lease().interval().toMillis();
        timer.scheduleWithFixedDelay(this::beat, interval, interval, TimeUnit.MILLISECONDS);
    }

    private void beat() {
        if (!sending.compareAndSet(false, true)) {
            return; // the previous heartbeat is still on its way: a slow Kafka gets one at a time
        }
        unansweredSince.compareAndSet(0, System.nanoTime());
        try {
            producer.send(heartbeat().toControlRecord(config.control().topic()), (metadata, error) -> {
                if (error == null) {
                    unansweredSince.set(0);
                }
                sending.set(false);
            });
        } catch (RuntimeException e) {
            sending.set(false);
            LOG.debugf("Heartbeat not sent: %s", e.getMessage());
        }
    }

    /**
     * How long Kafka has left this router's heartbeats unanswered (waiting, failed or not sent), zero while it answers:
     * heartbeats go every lease interval and are answered within milliseconds, so this tells a dead or hung Kafka
     * long before a write's delivery timeout would.
     */
    public Duration kafkaSilentFor() {
        long since = unansweredSince.get();
        return since == 0 ? Duration.ZERO : Duration.ofNanos(System.nanoTime() - since);
    }

    private RouterHeartbeat heartbeat() {
        // never while a Kafka lease runs: a router holding both leases could write nowhere
        boolean kafkaOnly = EventSink.KAFKA.equals(policy.target()) && health.kafka().writable()
                && !kafkaLease.leaseRuns();
        return lease.heartbeat(kafkaOnly, config.lease().length());
    }

    @PreDestroy
    void close() {
        timer.shutdownNow();
    }
}
