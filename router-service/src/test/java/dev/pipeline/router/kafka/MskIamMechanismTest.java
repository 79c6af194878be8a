package dev.pipeline.router.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.Map;

import org.apache.kafka.clients.producer.Producer;
import org.junit.jupiter.api.Test;

import dev.pipeline.router.config.RouterConfig;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.SmallRyeConfigBuilder;

/**
 * kafka.sasl.mechanism=AWS_MSK_IAM, which the chart's schema offers, builds the router's producer: the MSK IAM login
 * module and callback handler are on the classpath (no broker is contacted until the first send).
 */
class MskIamMechanismTest {

    @Test
    void theRoutersProducerIsBuiltWithTheMskIamMechanism() {
        Map<String, Object> kafka = Map.of(
                "bootstrap.servers", "localhost:9098",
                "security.protocol", "SASL_SSL",
                "sasl.mechanism", "AWS_MSK_IAM",
                "sasl.jaas.config", "software.amazon.msk.auth.iam.IAMLoginModule required;",
                "sasl.client.callback.handler.class", "software.amazon.msk.auth.iam.IAMClientCallbackHandler");
        RouterConfig config = new SmallRyeConfigBuilder().withMapping(RouterConfig.class)
                .withConverter(Duration.class, 200, new DurationConverter()).build()
                .getConfigMapping(RouterConfig.class);
        try (Producer<String, byte[]> producer = new KafkaProducerFactory().producer(kafka, config)) {
            assertEquals(0, producer.metrics().values().stream()
                    .filter(m -> m.metricName().name().equals("record-send-total"))
                    .mapToDouble(m -> ((Number) m.metricValue()).doubleValue()).sum());
        }
    }
}
