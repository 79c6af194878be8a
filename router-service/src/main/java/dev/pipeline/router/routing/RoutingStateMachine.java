package dev.pipeline.router.routing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.function.Consumer;

/**
 * The routing states and their transitions, driven by Kinesis health signals. Failover is immediate on the
 * first failure or stall; failback needs Kinesis healthy without interruption for {@code failbackAfter}, so
 * flapping signals never move writes back and forth. Pure logic: time comes from the given clock.
 */
public final class RoutingStateMachine {

    private final Clock clock;
    private final Duration failbackAfter;
    private final int historySize;
    private final Deque<Transition> history = new ArrayDeque<>();
    private final Consumer<Transition> onTransition;
    private RoutingState state = RoutingState.PRIMARY;
    private Instant healthySince;

    public RoutingStateMachine(Clock clock, Duration failbackAfter, int historySize, Consumer<Transition> onTransition) {
        this.clock = clock;
        this.failbackAfter = failbackAfter;
        this.historySize = historySize;
        this.onTransition = onTransition;
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
            case PRIMARY -> move(RoutingState.FAILING_OVER, reason);
            case RECOVERING -> move(RoutingState.FALLBACK, reason);
            default -> { }
        }
        healthySince = null;
    }

    /** A Kinesis probe (or write) succeeded. */
    public synchronized void kinesisHealthy(String reason) {
        if (state == RoutingState.FALLBACK) {
            healthySince = clock.instant();
            move(RoutingState.RECOVERING, reason);
        }
    }

    /**
     * Re-evaluates the timed transitions: FAILING_OVER ends once no Kinesis call from before the failover is in
     * flight; RECOVERING ends in PRIMARY once Kinesis has been healthy for the failback period.
     */
    public synchronized void evaluate(int kinesisCallsInFlight) {
        if (state == RoutingState.FAILING_OVER && kinesisCallsInFlight == 0) {
            move(RoutingState.FALLBACK, "Kinesis calls from before the failover resolved");
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
