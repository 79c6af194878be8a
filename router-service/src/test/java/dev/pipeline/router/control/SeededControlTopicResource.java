package dev.pipeline.router.control;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import dev.pipeline.envelope.ControlTopic;
import dev.pipeline.infra.testing.KafkaBrokerResource;

/**
 * The real broker, with the control topic already holding a fleet override to kafka before the router starts (as
 * when a replica joins a fleet that has one), written by "another router".
 */
public class SeededControlTopicResource extends KafkaBrokerResource {

    /** The id of the seeded change. */
    static final String SEEDED_CHANGE = "seeded-change";

    @Override
    public Map<String, String> start() {
        Map<String, String> config = super.start();
        String change = "{\"id\":\"" + SEEDED_CHANGE + "\",\"time\":\"" + Instant.now() + "\",\"token\":\"0badc0de\","
                + "\"address\":\"10.0.0.9:4242\",\"router\":\"another-router\",\"before\":\"auto\",\"after\":\"kafka\","
                + "\"force\":false,\"reason\":\"seeded before start\"}";
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(
                Map.of("bootstrap.servers", config.get("kafka.bootstrap.servers")),
                new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(ControlTopic.NAME, ControlTopic.AUDIT_PREFIX + SEEDED_CHANGE, change));
            producer.send(new ProducerRecord<>(ControlTopic.NAME, ControlTopic.OVERRIDE_KEY, change))
                    .get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            stop();
            throw new IllegalStateException("Could not seed the control topic: " + e, e);
        }
        return config;
    }
}
