package dev.pipeline.delivery.health;

import java.util.Map;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
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
 * survive a broker loss, stamped in append order. DOWN, naming the setting to change, once the topic is known to break
 * a guarantee; an unreachable Kafka leaves it as it was (that is the Kafka checks' business).
 * {@code delivery.kafka.topic.guarantees} is 0 while broken.
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
        Gauge.builder("delivery.kafka.topic.guarantees", this, check -> check.verdict().broken() ? 0 : 1)
                .description("0 while the Kafka topic is known to break its replication, timestamp or size guarantees")
                .register(registry);
    }

    @Override
    public HealthCheckResponse call() {
        if (watch == null) {
            return HealthCheckResponse.named("kafka-topic").up().withData("topic", "not checked (disabled)").build();
        }
        TopicVerdict verdict = verdict();
        HealthCheckResponseBuilder response = HealthCheckResponse.named("kafka-topic").status(!verdict.broken())
                .withData("topic", verdict.summary());
        if (watch.lastAttempt().status() == TopicVerdict.Status.UNKNOWN) {
            response.withData("last-check", watch.lastAttempt().summary());
        }
        return response.build();
    }

    private TopicVerdict verdict() {
        return watch == null ? TopicVerdict.PENDING : watch.verdict();
    }

    @PreDestroy
    void stop() {
        if (watch != null) {
            watch.close();
        }
    }
}
