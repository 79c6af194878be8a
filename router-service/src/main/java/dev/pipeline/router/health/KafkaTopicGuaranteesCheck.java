package dev.pipeline.router.health;

import java.util.Map;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import dev.pipeline.router.config.RouterConfig;
import dev.pipeline.support.kafka.TopicGuaranteeReadiness;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import io.smallrye.common.annotation.Identifier;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Ready only while the Kafka topic keeps "acknowledged means replicated": a write the router confirms from Kafka must
 * survive a broker loss. The shared {@link TopicGuaranteeReadiness} decides; {@code router.kafka.topic.guarantees} is 0
 * while the topic is broken.
 */
@Readiness
@Startup
@ApplicationScoped
public class KafkaTopicGuaranteesCheck implements HealthCheck {

    private final TopicGuaranteeReadiness readiness;

    public KafkaTopicGuaranteesCheck(RouterConfig config,
                                     @Identifier("default-kafka-broker") Map<String, Object> kafkaSettings,
                                     MeterRegistry registry) {
        this.readiness = new TopicGuaranteeReadiness(kafkaSettings, config.kafka().topic(), config.kafka().topicCheck(),
                registry, "router.kafka.topic.guarantees");
    }

    @Override
    public HealthCheckResponse call() {
        return readiness.response();
    }

    @PreDestroy
    void stop() {
        readiness.close();
    }
}
