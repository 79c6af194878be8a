package dev.pipeline.router.routing;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

import org.jboss.logging.Logger;

import dev.pipeline.envelope.CloudEvent;
import dev.pipeline.router.health.SinkHealth;
import dev.pipeline.router.health.SinkHealths;
import dev.pipeline.router.lease.KinesisLease;
import dev.pipeline.router.metrics.RouterMetrics;
import dev.pipeline.router.sink.EventSink;
import dev.pipeline.router.sink.SinkWriteException;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Writes events durably: to the sink the policy names, and whatever that sink could not confirm (failed,
 * timed out, throttled for good) to the other one, so an event is never lost and a timed-out one may at most be
 * stored twice. Writes sharing a partition key run one after the other, so a key's order holds across the switch.
 * A Kinesis write happens only where the router's {@link KinesisLease} allows one; otherwise the write goes to Kafka.
 */
@ApplicationScoped
public class EventRouter {

    private static final Logger LOG = Logger.getLogger(EventRouter.class);

    private final EventSink kinesis;
    private final EventSink kafka;
    private final RoutingPolicy policy;
    private final SinkHealths health;
    private final RouterMetrics metrics;
    private final KinesisLease lease;
    private final KeyedSequencer sequencer = new KeyedSequencer();

    public EventRouter(@Identifier(EventSink.KINESIS) EventSink kinesis, @Identifier(EventSink.KAFKA) EventSink kafka,
                       RoutingPolicy policy, SinkHealths health, RouterMetrics metrics, KinesisLease lease) {
        this.kinesis = kinesis;
        this.kafka = kafka;
        this.policy = policy;
        this.health = health;
        this.metrics = metrics;
        this.lease = lease;
    }

    /** Writes the events durably and returns the sink(s) that stored them; throws when some are not stored. */
    public String write(List<CloudEvent> events) throws SinkWriteException {
        metrics.eventsInFlight().addAndGet(events.size());
        try {
            return sequencer.inOrder(KeyedSequencer.keysOf(events.stream().map(CloudEvent::partitionKey).toList()),
                    () -> writeInOrder(events));
        } finally {
            metrics.eventsInFlight().addAndGet(-events.size());
        }
    }

    private String writeInOrder(List<CloudEvent> events) throws SinkWriteException {
        EventSink first = EventSink.KINESIS.equals(policy.target()) && lease.beginKinesisWrite() ? kinesis : kafka;
        try {
            call(first, events);
            return first.name();
        } catch (SinkWriteException e) {
            if (!policy.mayUseOtherSink() || first == kafka && !lease.beginKinesisWrite()) {
                throw e;
            }
            EventSink second = first == kinesis ? kafka : kinesis;
            LOG.debugf("%d of %d events go to %s: %s", e.unconfirmed().size(), events.size(), second.name(), e.getMessage());
            call(second, e.unconfirmed());
            return e.unconfirmed().size() == events.size() ? second.name() : first.name() + "+" + second.name();
        }
    }

    /** Writes to one sink; a Kinesis write must have been begun with the lease, and is ended here. */
    private void call(EventSink sink, List<CloudEvent> events) throws SinkWriteException {
        SinkHealth sinkHealth = health.of(sink.name());
        long call = sinkHealth.callStarted();
        long start = System.nanoTime();
        boolean stored = false;
        try {
            sink.write(events);
            stored = true;
            sinkHealth.callSucceeded(call, events.size());
            metrics.write(sink.name(), "ok", events.size(), Duration.ofNanos(System.nanoTime() - start));
        } catch (SinkWriteException e) {
            stored = e.unconfirmed().size() < events.size();
            sinkHealth.callFailed(call, e);
            metrics.write(sink.name(), e.failureCause().name().toLowerCase(Locale.ROOT), events.size(),
                    Duration.ofNanos(System.nanoTime() - start));
            if (sink == kinesis && e.failureCause() != SinkWriteException.Cause.THROTTLED) {
                policy.machine().kinesisFailed("Kinesis write failed: " + e.failureCause());
            }
            throw e;
        } finally {
            if (sink == kinesis) {
                lease.kinesisWriteEnded(stored);
            }
        }
    }
}
