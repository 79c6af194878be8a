package dev.pipeline.router.metrics;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import dev.pipeline.router.routing.RouteMode;
import dev.pipeline.router.routing.RoutingState;
import dev.pipeline.router.routing.Transition;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;

/** The router's Prometheus metrics: writes, failures and latency per sink, state, transitions, events in flight. */
@ApplicationScoped
public class RouterMetrics {

    private final MeterRegistry registry;
    private final AtomicInteger eventsInFlight = new AtomicInteger();

    public RouterMetrics(MeterRegistry registry) {
        this.registry = registry;
        Gauge.builder("router.events.inflight", eventsInFlight, AtomicInteger::get)
                .description("Events received and not yet confirmed or refused").register(registry);
    }

    public AtomicInteger eventsInFlight() {
        return eventsInFlight;
    }

    /** One sink call: its outcome (ok, timeout, unavailable, throttled, rejected), events and latency. */
    public void write(String sink, String outcome, int events, Duration latency) {
        Counter.builder("router.sink.writes").description("Events per sink and outcome")
                .tag("sink", sink).tag("outcome", outcome).register(registry).increment(events);
        Timer.builder("router.sink.write.latency").description("Latency of sink calls")
                .tag("sink", sink).publishPercentileHistogram().register(registry).record(latency);
    }

    /** A write failed unexpectedly inside the router (answered as retryable). */
    public void unexpectedFailure() {
        Counter.builder("router.write.unexpected").description("Writes failed by an unexpected exception or error")
                .register(registry).increment();
    }

    public void transition(Transition transition) {
        Counter.builder("router.transitions").description("Routing state transitions")
                .tag("from", transition.from().name()).tag("to", transition.to().name())
                .register(registry).increment();
    }

    public void stateGauge(Supplier<RoutingState> state) {
        for (RoutingState each : RoutingState.values()) {
            Gauge.builder("router.state", () -> state.get() == each ? 1 : 0)
                    .description("1 for the current routing state").tag("state", each.name()).register(registry);
        }
    }

    public void override(RouteMode mode, boolean forced) {
        Counter.builder("router.overrides").description("Operator routing overrides")
                .tag("mode", mode.name().toLowerCase()).tag("forced", Boolean.toString(forced))
                .register(registry).increment();
    }
}
