package dev.pipeline.delivery.health;

import java.util.Map;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import dev.pipeline.delivery.config.DeliveryConfig;
import dev.pipeline.support.kafka.TopicGuaranteeReadiness;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import io.smallrye.common.annotation.Identifier;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Ready only while the Kafka topic keeps "acknowledged means replicated": the fallback events delivery reads must
 * survive a broker loss, stamped in append order. The shared {@link TopicGuaranteeReadiness} decides;
 * {@code delivery.kafka.topic.guarantees} is 0 while the topic is broken.
 */
@Readiness
@Startup
@ApplicationScoped
public class KafkaTopicGuaranteesCheck implements HealthCheck {

    private final TopicGuaranteeReadiness readiness;

    public KafkaTopicGuaranteesCheck(DeliveryConfig config,
                                     @Identifier("default-kafka-broker") Map<String, Object> kafkaSettings,
                                     MeterRegistry registry) {
        this.readiness = new TopicGuaranteeReadiness(kafkaSettings, config.kafka().topic(), config.kafka().topicCheck(),
                registry, "delivery.kafka.topic.guarantees");
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
