package dev.pipeline.router.routing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.jboss.logging.Logger;

import dev.pipeline.envelope.CloudEvent;
import dev.pipeline.router.health.SinkHealth;
import dev.pipeline.router.health.SinkHealths;
import dev.pipeline.router.lease.KafkaLease;
import dev.pipeline.router.lease.KinesisCopyNotices;
import dev.pipeline.router.lease.KinesisLease;
import dev.pipeline.router.lease.RecentKinesisWrites;
import dev.pipeline.router.metrics.RouterMetrics;
import dev.pipeline.router.sink.EventSink;
import dev.pipeline.router.sink.SinkWriteException;
import dev.pipeline.support.concurrent.DaemonThreads;
import io.smallrye.common.annotation.Identifier;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Writes events durably: to the sink the policy names, and whatever that sink could not confirm (failed, timed out,
 * throttled for good, or abandoned when writes left Kinesis) to the other one, so an event is never lost and a
 * timed-out one may at most be stored twice. Writes sharing a partition key run one after the other, so a key's
 * order holds across the switch.
 * A Kinesis write happens only where the router's {@link KinesisLease} allows one; otherwise the write goes to Kafka.
 * A Kafka write happens only where its {@link KafkaLease} allows one (none runs while Kafka answers the router).
 * On a failover the events Kinesis stored within the replay window are copied to Kafka, each before the next Kafka
 * write of its key ({@link RecentKinesisWrites}), so delivery can go on from Kafka without waiting for Kinesis. Those
 * copies, and events a Kinesis write did not confirm, are marked in Kafka as the copies that count: their Kinesis
 * originals, if Kinesis stores or shows them late, are duplicates ({@link dev.pipeline.envelope.KinesisCopies}).
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
    private final RecentKinesisWrites recent;
    private final KinesisCopyNotices notices;
    private final KafkaLease kafkaLease;
    private final KeyedSequencer sequencer = new KeyedSequencer();
    private final ExecutorService copier = Executors.newSingleThreadExecutor(DaemonThreads.named("kinesis-copies"));

    public EventRouter(@Identifier(EventSink.KINESIS) EventSink kinesis, @Identifier(EventSink.KAFKA) EventSink kafka,
                       RoutingPolicy policy, SinkHealths health, RouterMetrics metrics, KinesisLease lease,
                       RecentKinesisWrites recent, KinesisCopyNotices notices, KafkaLease kafkaLease) {
        this.kinesis = kinesis;
        this.kafka = kafka;
        this.policy = policy;
        this.health = health;
        this.metrics = metrics;
        this.lease = lease;
        this.recent = recent;
        this.notices = notices;
        this.kafkaLease = kafkaLease;
        policy.onTransition(this::transitioned);
    }

    /**
     * Writes the events durably and returns the sink(s) that stored them; throws when some are not stored, with cause
     * {@link SinkWriteException.Cause#INVALID} when a sink refused them as invalid, and
     * {@link SinkWriteException.Cause#INTERNAL} when anything failed unexpectedly (the outcome is then unknown).
     */
    public String write(List<CloudEvent> events) throws SinkWriteException {
        metrics.eventsInFlight().addAndGet(events.size());
        try {
            return sequencer.inOrder(keysOf(events), () -> writeInOrder(events));
        } catch (RuntimeException | Error e) {
            // a bug or a broken library, not a sink's behaviour: retryable for the caller, no routing signal
            String incident = UUID.randomUUID().toString();
            LOG.errorf(e, "Unexpected failure writing %d events, incident %s", events.size(), incident);
            metrics.unexpectedFailure();
            throw new SinkWriteException("router", SinkWriteException.Cause.INTERNAL, events,
                    "unexpected " + e.getClass().getSimpleName() + ", incident " + incident, e);
        } finally {
            metrics.eventsInFlight().addAndGet(-events.size());
        }
    }

    private String writeInOrder(List<CloudEvent> events) throws SinkWriteException {
        EventSink first = EventSink.KINESIS.equals(policy.target()) && lease.beginKinesisWrite() ? kinesis : kafka;
        try {
            call(first, events, false);
            return first.name();
        } catch (SinkWriteException e) {
            // invalid events are the producer's to fix: another sink would refuse them too, or store what one refused
            if (e.failureCause() == SinkWriteException.Cause.INVALID
                    || !policy.mayUseOtherSink() || first == kafka && !lease.beginKinesisWrite()) {
                throw e;
            }
            EventSink second = first == kinesis ? kafka : kinesis;
            LOG.debugf("%d of %d events go to %s: %s", e.unconfirmed().size(), events.size(), second.name(), e.getMessage());
            // what Kinesis did not confirm it may still store, or show, later: the Kafka copy is marked as the one that counts
            call(second, e.unconfirmed(), second == kafka);
            return e.unconfirmed().size() == events.size() ? second.name() : first.name() + "+" + second.name();
        }
    }

    /**
     * Writes to one sink; a Kinesis write must have been begun with the lease, and is ended here. A Kafka write first
     * carries the copies still due for its keys, and reports only its own events unconfirmed. {@code kinesisCopies}:
     * the events themselves are copies of a Kinesis write that did not confirm them.
     */
    private void call(EventSink sink, List<CloudEvent> events, boolean kinesisCopies) throws SinkWriteException {
        call(sink, sink == kafka && recent.copying() ? recent.take(keysOf(events)) : List.of(), events, kinesisCopies);
    }

    /**
     * Writes {@code copies} (of recent Kinesis writes) and then {@code events}; reports only events unconfirmed.
     * However it ends, the call leaves nothing in flight: neither in the sink's health nor in the lease.
     */
    private void call(EventSink sink, List<CloudEvent> copies, List<CloudEvent> events, boolean kinesisCopies)
            throws SinkWriteException {
        if (sink == kafka && !kafkaLease.beginKafkaWrite()) {
            recent.notCopied(copies);
            throw new SinkWriteException(EventSink.KAFKA, SinkWriteException.Cause.UNAVAILABLE, events,
                    "Kafka did not answer this router, which promised delivery no Kafka write before "
                            + kafkaLease.kafkaWritesFrom(), null);
        }
        List<CloudEvent> stored = List.of();
        try {
            callTracked(sink, copies, events, kinesisCopies);
            stored = events;
        } catch (SinkWriteException e) {
            Set<CloudEvent> unconfirmed = identitySet(e.unconfirmed());
            stored = events.stream().filter(event -> !unconfirmed.contains(event)).toList();
            throw e;
        } finally {
            if (sink == kinesis) {
                lease.kinesisWriteEnded(stored);
            } else {
                kafkaLease.kafkaWriteEnded();
            }
        }
    }

    private void callTracked(EventSink sink, List<CloudEvent> copies, List<CloudEvent> events, boolean kinesisCopies)
            throws SinkWriteException {
        List<CloudEvent> all = copies.isEmpty() ? events : concat(copies, events);
        SinkHealth sinkHealth = health.of(sink.name());
        long call = sinkHealth.callStarted();
        long start = System.nanoTime();
        List<CloudEvent> marked = kinesisCopies ? all : copies;
        try {
            sink.write(all, marked.isEmpty() ? Set.of() : identitySet(marked));
            if (!marked.isEmpty()) {
                notices.copied(marked);
            }
            sinkHealth.callSucceeded(call, all.size());
            metrics.write(sink.name(), "ok", all.size(), Duration.ofNanos(System.nanoTime() - start));
        } catch (SinkWriteException e) {
            sinkHealth.callFailed(call, e);
            metrics.write(sink.name(), e.failureCause().name().toLowerCase(Locale.ROOT), all.size(),
                    Duration.ofNanos(System.nanoTime() - start));
            if (sink == kinesis && movesWrites(e.failureCause())) {
                policy.machine().kinesisFailed("Kinesis write failed: " + e.failureCause());
            }
            Set<CloudEvent> unconfirmed = identitySet(e.unconfirmed());
            if (!marked.isEmpty()) {
                notices.copied(marked.stream().filter(copy -> !unconfirmed.contains(copy)).toList());
            }
            if (copies.isEmpty()) {
                throw e;
            }
            recent.notCopied(copies.stream().filter(unconfirmed::contains).toList());
            List<CloudEvent> ownUnconfirmed = events.stream().filter(unconfirmed::contains).toList();
            throw new SinkWriteException(sink.name(), e.failureCause(), ownUnconfirmed, e.getMessage(), e);
        } finally {
            sinkHealth.callEnded(call);
        }
    }

    /**
     * Whether a failed Kinesis write is a failure signal: not when merely throttled (a capacity matter, handled record
     * by record) nor when the events were invalid or the router failed (neither says anything about Kinesis).
     */
    static boolean movesWrites(SinkWriteException.Cause cause) {
        return switch (cause) {
            case TIMEOUT, UNAVAILABLE, REJECTED -> true;
            case THROTTLED, INVALID, INTERNAL -> false;
        };
    }

    private void transitioned(Transition transition) {
        if (transition.to() == RoutingState.FAILING_OVER) {
            // what Kinesis has not answered by now goes to Kafka as the copies that count, not after its timeout
            kinesis.abandonCallsInFlight();
            recent.startCopying();
            copier.execute(this::copyRecentToKafka);
        } else if (transition.to() == RoutingState.PRIMARY) {
            recent.stopCopying();
        }
    }

    /**
     * Copies what Kinesis stored within the replay window to Kafka, key by key in order with the other writes. Not
     * while Kafka is failing too: the copy would hold its keys' writes back for Kafka's whole delivery timeout, and no
     * lease is granted then anyway.
     */
    private void copyRecentToKafka() {
        Set<String> keys = recent.keys();
        if (!health.kafka().writable()) {
            recent.notCopied(recent.take(keys));
            return;
        }
        try {
            sequencer.inOrder(keys, () -> {
                List<CloudEvent> copies = recent.take(keys);
                if (!copies.isEmpty()) {
                    writeCopies(copies);
                }
                return null;
            });
        } catch (RuntimeException | Error e) {
            LOG.warn("Copying recent Kinesis writes to Kafka failed", e);
        }
    }

    private void writeCopies(List<CloudEvent> copies) {
        try {
            call(kafka, copies, List.of(), false); // call() gives up the copies Kafka did not confirm
        } catch (SinkWriteException e) {
            LOG.debugf("Copies of %d recent Kinesis writes not all stored in Kafka: %s", copies.size(), e.getMessage());
        }
    }

    @PreDestroy
    void close() {
        copier.shutdownNow();
    }

    private static Set<String> keysOf(List<CloudEvent> events) {
        return KeyedSequencer.keysOf(events.stream().map(CloudEvent::partitionKey).toList());
    }

    private static List<CloudEvent> concat(List<CloudEvent> first, List<CloudEvent> then) {
        List<CloudEvent> all = new ArrayList<>(first.size() + then.size());
        all.addAll(first);
        all.addAll(then);
        return all;
    }

    /** By reference: a producer may resend an event equal to one still kept for copying. */
    private static Set<CloudEvent> identitySet(List<CloudEvent> events) {
        Set<CloudEvent> set = Collections.newSetFromMap(new IdentityHashMap<>());
        set.addAll(events);
        return set;
    }
}
