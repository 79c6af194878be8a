package dev.pipeline.router.routing;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import org.jboss.logging.Logger;

import dev.pipeline.router.config.RouterConfig;
import dev.pipeline.router.health.SinkHealths;
import dev.pipeline.router.metrics.RouterMetrics;
import dev.pipeline.router.sink.EventSink;
import jakarta.enterprise.context.ApplicationScoped;

/** Decides where new writes go: the operator's mode, and in mode auto the routing state machine. */
@ApplicationScoped
public class RoutingPolicy {

    private static final Logger LOG = Logger.getLogger(RoutingPolicy.class);

    private final RoutingStateMachine machine;
    private final List<Consumer<Transition>> listeners = new CopyOnWriteArrayList<>();
    private volatile RouteMode mode;

    public RoutingPolicy(RouterConfig config, RouterMetrics metrics, SinkHealths health) {
        this.mode = config.mode();
        this.machine = new RoutingStateMachine(Clock.systemUTC(), config.health().failbackAfter(),
                config.health().transitionHistory(), transition -> {
                    LOG.infof("Routing %s -> %s: %s", transition.from(), transition.to(), transition.reason());
                    metrics.transition(transition);
                    listeners.forEach(listener -> listener.accept(transition));
                }, () -> health.kafka().writable());
        metrics.stateGauge(machine::state);
    }

    public RoutingStateMachine machine() {
        return machine;
    }

    /** Calls {@code listener} on every transition, under the state machine's lock: it must not block. */
    public void onTransition(Consumer<Transition> listener) {
        listeners.add(listener);
    }

    public RouteMode mode() {
        return mode;
    }

    public void setMode(RouteMode newMode) {
        mode = newMode;
    }

    /** The sink new writes go to. */
    public String target() {
        return switch (mode) {
            case KINESIS -> EventSink.KINESIS;
            case KAFKA -> EventSink.KAFKA;
            case AUTO -> machine.state().writesToKinesis() ? EventSink.KINESIS : EventSink.KAFKA;
        };
    }

    /** Whether a write that failed on its target may go to the other sink (not when an operator pinned one). */
    public boolean mayUseOtherSink() {
        return mode == RouteMode.AUTO;
    }
}
