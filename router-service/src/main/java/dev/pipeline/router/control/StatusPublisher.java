package dev.pipeline.router.control;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import dev.pipeline.envelope.ControlTopic;
import dev.pipeline.router.config.RouterConfig;
import dev.pipeline.router.lease.KinesisLease;
import dev.pipeline.router.routing.RoutingPolicy;
import dev.pipeline.router.routing.Transition;
import dev.pipeline.support.concurrent.DaemonThreads;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/** Publishes this router's status to the control topic every {@code router.control.status-interval}. */
@ApplicationScoped
public class StatusPublisher {

    private final ControlPublisher publisher;
    private final RoutingPolicy policy;
    private final KinesisLease lease;
    private final FleetOverride override;
    private final RouterConfig config;
    private final ScheduledExecutorService timer =
            Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("router-status"));

    public StatusPublisher(ControlPublisher publisher, RoutingPolicy policy, KinesisLease lease,
                           FleetOverride override, RouterConfig config) {
        this.publisher = publisher;
        this.policy = policy;
        this.lease = lease;
        this.override = override;
        this.config = config;
    }

    void start(@Observes StartupEvent started) {
        long interval = config.control().statusInterval().toMillis();
        timer.scheduleWithFixedDelay(this::publish, 0, interval, TimeUnit.MILLISECONDS);
    }

    private void publish() {
        List<Transition> transitions = policy.machine().transitions();
        Transition last = transitions.isEmpty() ? null : transitions.get(0);
        publisher.publishStatus(ControlTopic.ROUTER_PREFIX + lease.router(), new RouterStatus(lease.router(),
                policy.machine().state().name(), policy.mode().name().toLowerCase(Locale.ROOT), policy.target(),
                last, override.inForce(), Instant.now()));
    }

    @PreDestroy
    void close() {
        timer.shutdownNow();
    }
}
