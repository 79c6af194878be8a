package dev.pipeline.router.health;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import jakarta.enterprise.context.ApplicationScoped;

/** Ready while at least one sink is writable; the data says which is not, and why. */
@Readiness
@ApplicationScoped
public class SinksReadinessCheck implements HealthCheck {

    private final SinkHealths health;

    public SinksReadinessCheck(SinkHealths health) {
        this.health = health;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("sinks")
                .status(health.kinesis().writable() || health.kafka().writable());
        describe(response, health.kinesis());
        describe(response, health.kafka());
        return response.build();
    }

    private static void describe(HealthCheckResponseBuilder response, SinkHealth sink) {
        SinkHealth.View view = sink.view();
        response.withData(sink.sink(), view.writable() ? "writable"
                : "not writable: " + (view.lastError() == null ? "unknown" : view.lastError()));
    }
}
