package dev.pipeline.delivery.health;

import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import dev.pipeline.delivery.config.DeliveryConfig;
import dev.pipeline.support.kafka.TopicGuaranteeWatch;
import dev.pipeline.support.kafka.TopicVerdict;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import io.smallrye.common.annotation.Identifier;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Ready only while the Kafka topic keeps "acknowledged means replicated": the fallback events delivery reads must
 * survive a broker loss, stamped in append order. DOWN names the setting to change;
 * {@code delivery.kafka.topic.guarantees} is 1 while kept.
 */
@Readiness
@Startup
@ApplicationScoped
public class KafkaTopicGuaranteesCheck implements HealthCheck {

    private final TopicGuaranteeWatch watch;

    public KafkaTopicGuaranteesCheck(DeliveryConfig config,
                                     @Identifier("default-kafka-broker") Map<String, Object> kafkaSettings,
                                     MeterRegistry registry) {
        this.watch = config.kafka().topicCheck().enabled()
                ? TopicGuaranteeWatch.start(kafkaSettings, config.kafka().topic(), config.kafka().topicCheck())
                : null;
        Gauge.builder("delivery.kafka.topic.guarantees", this, check -> check.verdict().kept() ? 1 : 0)
                .description("1 while the Kafka topic keeps its replication, timestamp and size guarantees")
                .register(registry);
    }

    @Override
    public HealthCheckResponse call() {
        TopicVerdict verdict = verdict();
        return HealthCheckResponse.named("kafka-topic").status(verdict.kept())
                .withData("topic", verdict.summary()).build();
    }

    private TopicVerdict verdict() {
        return watch == null ? new TopicVerdict(true, List.of()) : watch.verdict();
    }

    @PreDestroy
    void stop() {
        if (watch != null) {
            watch.close();
        }
    }
}
