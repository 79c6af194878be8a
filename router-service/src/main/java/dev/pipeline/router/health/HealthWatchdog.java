package dev.pipeline.router.health;

import java.time.Duration;

import dev.pipeline.router.config.RouterConfig;
import dev.pipeline.router.routing.RoutingPolicy;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Every evaluation interval: treats a Kinesis call in flight beyond the stall threshold as a failure (so
 * writes move before the call even times out) and lets the state machine take its timed transitions.
 */
@ApplicationScoped
public class HealthWatchdog {

    private final SinkHealths health;
    private final RoutingPolicy policy;
    private final Duration stallThreshold;

    public HealthWatchdog(SinkHealths health, RoutingPolicy policy, RouterConfig config) {
        this.health = health;
        this.policy = policy;
        this.stallThreshold = config.health().stallThreshold();
    }

    @Scheduled(every = "${router.health.evaluation-interval:100ms}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void evaluate() {
        Duration oldest = health.kinesis().oldestCallInFlight();
        if (oldest.compareTo(stallThreshold) > 0) {
            policy.machine().kinesisFailed("Kinesis call stalled for " + oldest.toMillis() + " ms");
        }
        policy.machine().evaluate(health.kinesis().callsInFlight());
    }
}
