package dev.pipeline.delivery.health;

import dev.pipeline.delivery.Replica;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Readiness of the Kafka source; DOWN only when Kinesis cannot carry the feed either. */
@Readiness
@ApplicationScoped
public class KafkaSourceCheck implements HealthCheck {

    private final Replica replica;

    public KafkaSourceCheck(Replica replica) {
        this.replica = replica;
    }

    @Override
    public HealthCheckResponse call() {
        return SourceHealth.of("kafka-source", replica.kafkaStatus(), replica.kinesisStatus());
    }
}
