package dev.pipeline.support.kafka;

import java.util.Map;

import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The readiness answer and gauge of the event topic's guarantees, the one implementation behind the router's and
 * delivery's {@code health/KafkaTopicGuaranteesCheck}: DOWN, naming the setting to change, once the topic is known to
 * break a guarantee; an unreachable Kafka leaves it as it was (that is the Kafka checks' business). The gauge is 0 while
 * the topic is broken.
 */
public final class TopicGuaranteeReadiness implements AutoCloseable {

    /** The name of the check in {@code /q/health/ready}. */
    public static final String CHECK_NAME = "kafka-topic";

    private final TopicGuaranteeWatch watch;

    /**
     * Starts watching {@code topic} (unless {@code settings} turn the check off) and registers {@code gaugeName};
     * {@code kafkaSettings} are the service's {@code kafka.*} client settings.
     */
    public TopicGuaranteeReadiness(Map<String, Object> kafkaSettings, String topic, TopicCheckSettings settings,
                                   MeterRegistry registry, String gaugeName) {
        this.watch = settings.enabled() ? TopicGuaranteeWatch.start(kafkaSettings, topic, settings) : null;
        Gauge.builder(gaugeName, this, readiness -> readiness.verdict().broken() ? 0 : 1)
                .description("0 while the Kafka topic is known to break its replication, timestamp or size guarantees")
                .register(registry);
    }

    /** The readiness check's answer, with the verdict (and the last attempt's trouble, if any) as data. */
    public HealthCheckResponse response() {
        if (watch == null) {
            return HealthCheckResponse.named(CHECK_NAME).up().withData("topic", "not checked (disabled)").build();
        }
        TopicVerdict verdict = verdict();
        HealthCheckResponseBuilder response = HealthCheckResponse.named(CHECK_NAME).status(!verdict.broken())
                .withData("topic", verdict.summary());
        if (watch.lastAttempt().status() == TopicVerdict.Status.UNKNOWN) {
            response.withData("last-check", watch.lastAttempt().summary());
        }
        return response.build();
    }

    /** The latest verdict that described the topic ({@link TopicVerdict#PENDING} while disabled or not yet known). */
    public TopicVerdict verdict() {
        return watch == null ? TopicVerdict.PENDING : watch.verdict();
    }

    @Override
    public void close() {
        if (watch != null) {
            watch.close();
        }
    }
}
