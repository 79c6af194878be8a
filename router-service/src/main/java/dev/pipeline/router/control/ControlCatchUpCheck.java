package dev.pipeline.router.control;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Not ready until the router has read the control topic to its start-up end (or gave up on an unreachable Kafka), so
 * a new replica never takes writes in {@code router.mode} while the fleet's override says otherwise.
 */
@Readiness
@ApplicationScoped
public class ControlCatchUpCheck implements HealthCheck {

    private final ControlCatchUp catchUp;
    private final ControlPublisher publisher;

    public ControlCatchUpCheck(ControlCatchUp catchUp, ControlPublisher publisher) {
        this.catchUp = catchUp;
        this.publisher = publisher;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("control-topic").status(catchUp.done())
                .withData("start-up", catchUp.outcome())
                .withData("unpublished-override-changes", publisher.unconfirmedChanges())
                .build();
    }
}
