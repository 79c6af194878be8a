package dev.pipeline.delivery.health;

import dev.pipeline.delivery.Replica;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Readiness of the Kinesis source; DOWN only when Kafka cannot carry the feed either. */
@Readiness
@ApplicationScoped
public class KinesisSourceCheck implements HealthCheck {

    private final Replica replica;

    public KinesisSourceCheck(Replica replica) {
        this.replica = replica;
    }

    @Override
    public HealthCheckResponse call() {
        return SourceHealth.of("kinesis-source", replica.kinesisStatus(), replica.kafkaStatus());
    }
}
