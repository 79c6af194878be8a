package dev.pipeline.router.routing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import org.jboss.logging.Logger;

/**
 * The routing states and their transitions, driven by Kinesis health signals. Failover is immediate on the
 * first failure or stall while Kafka is writable; with Kafka impaired too it is withheld (writes waiting out a dead
 * Kafka's timeouts would only be slower than a slow Kinesis) and happens on the first failure once Kafka is writable
 * again. Failback needs Kinesis healthy without interruption for {@code failbackAfter}, so flapping signals never
 * move writes back and forth, unless Kafka fails meanwhile. Pure logic: time comes from the given clock, Kafka's
 * health from the given signal.
 */
public final class RoutingStateMachine {

    private static final Logger LOG = Logger.getLogger(RoutingStateMachine.class);

    private final Clock clock;
    private final Duration failbackAfter;
    private final int historySize;
    private final Deque<Transition> history = new ArrayDeque<>();
    private final Consumer<Transition> onTransition;
    private final BooleanSupplier kafkaWritable;
    private RoutingState state = RoutingState.PRIMARY;
    private Instant healthySince;
    private String failoverWithheld;

    public RoutingStateMachine(Clock clock, Duration failbackAfter, int historySize, Consumer<Transition> onTransition,
                               BooleanSupplier kafkaWritable) {
        this.clock = clock;
        this.failbackAfter = failbackAfter;
        this.historySize = historySize;
        this.onTransition = onTransition;
        this.kafkaWritable = kafkaWritable;
    }

    public synchronized RoutingState state() {
        return state;
    }

    /** Transitions, newest first. */
    public synchronized List<Transition> transitions() {
        return List.copyOf(history);
    }

    /** A Kinesis write failed (not merely throttled), a call stalled, or a probe failed. */
    public synchronized void kinesisFailed(String reason) {
        switch (state) {
            case PRIMARY -> {
                if (kafkaWritable.getAsBoolean()) {
                    failoverWithheld = null;
                    move(RoutingState.FAILING_OVER, reason);
                } else {
                    if (failoverWithheld == null) {
                        LOG.warnf("Kinesis impaired (%s) but Kafka is not writable: writes stay on Kinesis", reason);
                    }
                    failoverWithheld = reason;
                }
            }
            case RECOVERING -> move(RoutingState.FALLBACK, reason);
            default -> { }
        }
        healthySince = null;
    }

    /**
     * Why writes stay on an impaired Kinesis: its latest failure while Kafka was not writable; null when no failover
     * is being withheld.
     */
    public synchronized String failoverWithheld() {
        return failoverWithheld;
    }

    /**
     * A sign from Kinesis not reason enough to fail over but no sign of health either (a probe answered slower than the
     * brownout latency, a single failed probe): a failback under way starts over.
     */
    public synchronized void kinesisDoubtful(String reason) {
        if (state == RoutingState.RECOVERING) {
            move(RoutingState.FALLBACK, reason);
            healthySince = null;
        }
    }

    /** A Kinesis probe (or write) succeeded. */
    public synchronized void kinesisHealthy(String reason) {
        failoverWithheld = null;
        if (state == RoutingState.FALLBACK) {
            healthySince = clock.instant();
            move(RoutingState.RECOVERING, reason);
        }
    }

    /**
     * Re-evaluates the timed transitions: FAILING_OVER ends once no Kinesis call from before the failover is in
     * flight; RECOVERING ends in PRIMARY once Kinesis has been healthy for the failback period, or at once when Kafka
     * is not writable (Kinesis has answered every probe since it came back: better than waiting on a failing Kafka).
     */
    public synchronized void evaluate(int kinesisCallsInFlight) {
        if (state == RoutingState.FAILING_OVER && kinesisCallsInFlight == 0) {
            move(RoutingState.FALLBACK, "Kinesis calls from before the failover resolved");
        } else if (state == RoutingState.RECOVERING && !kafkaWritable.getAsBoolean()) {
            move(RoutingState.PRIMARY, "Kafka failed while Kinesis is healthy again");
        } else if (state == RoutingState.RECOVERING
                && !clock.instant().isBefore(healthySince.plus(failbackAfter))) {
            move(RoutingState.PRIMARY, "Kinesis healthy for " + failbackAfter.toMillis() + " ms");
        }
    }

    private void move(RoutingState to, String reason) {
        Transition transition = new Transition(clock.instant(), state, to, reason);
        state = to;
        history.addFirst(transition);
        while (history.size() > historySize) {
            history.removeLast();
        }
        onTransition.accept(transition);
    }
}
