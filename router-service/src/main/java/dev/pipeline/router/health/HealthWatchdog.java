package dev.pipeline.router.health;

import java.time.Duration;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.jboss.logging.Logger;

import dev.pipeline.router.config.RouterConfig;
import dev.pipeline.router.routing.RoutingPolicy;
import dev.pipeline.router.routing.RoutingState;
import dev.pipeline.support.concurrent.DaemonThreads;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Every evaluation interval: treats Kinesis as failed when a call is in flight beyond the stall threshold and none was
 * answered for as long (so writes move before the call even times out; {@link KinesisCalls#stall}), applies the gray-failure rule to the recent calls while writes go to Kinesis,
 * and lets the state machine take its timed transitions.
 */
@Startup
@ApplicationScoped
public class HealthWatchdog {

    private static final Logger LOG = Logger.getLogger(HealthWatchdog.class);

    private final SinkHealths health;
    private final KinesisCalls calls;
    private final RoutingPolicy policy;
    private final GrayFailureRule grayFailure;
    private final Duration stallThreshold;
    private final ScheduledExecutorService timer =
            Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("routing-watchdog"));

    public HealthWatchdog(SinkHealths health, KinesisCalls calls, RoutingPolicy policy, RouterConfig config) {
        this.health = health;
        this.calls = calls;
        this.policy = policy;
        this.grayFailure = GrayFailureRule.of(config.health());
        this.stallThreshold = config.health().stallThreshold();
        // calls from before a failback say nothing about the Kinesis written to now
        policy.onTransition(transition -> {
            if (transition.to() == RoutingState.PRIMARY) {
                calls.forget();
            }
        });
        // its own thread: the Quarkus scheduler does not run jobs more often than once a second
        long interval = config.health().evaluationInterval().toMillis();
        timer.scheduleWithFixedDelay(this::evaluateSafely, interval, interval, TimeUnit.MILLISECONDS);
    }


    @PreDestroy
    void stop() {
        timer.shutdownNow();
    }

    private void evaluateSafely() {
        try {
            evaluate();
        } catch (RuntimeException e) {
            LOG.error("Routing evaluation failed", e); // keep the watchdog alive whatever happens
        }
    }

    void evaluate() {
        calls.stall(stallThreshold).ifPresent(policy.machine()::kinesisFailed);
        if (policy.machine().state() == RoutingState.PRIMARY) {
            grayFailure.impairment(calls.recent(), kafkaLatencyMs()).ifPresent(policy.machine()::kinesisFailed);
        }
        policy.machine().evaluate(health.kinesis().callsInFlight());
    }

    /** Kafka's latest probe latency: what a producer would wait on Kafka instead. */
    private long kafkaLatencyMs() {
        SinkHealth.Probe probe = health.kafka().lastProbe();
        return probe == null || !probe.ok() ? 0 : probe.latencyMs();
    }
}
