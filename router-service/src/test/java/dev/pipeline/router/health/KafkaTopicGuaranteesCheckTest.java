package dev.pipeline.router.health;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;

import dev.pipeline.envelope.EventStreams;
import dev.pipeline.infra.KafkaBroker;
import dev.pipeline.infra.testing.InjectKafkaBroker;
import dev.pipeline.infra.testing.KafkaBrokerResource;
import dev.pipeline.infra.testing.KinesisEmulatorResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/** The router's readiness follows the real topic's min.insync.replicas, at start-up and after a change. */
@QuarkusTest
@TestProfile(KafkaTopicGuaranteesCheckTest.ProductionInsyncReplicas.class)
@WithTestResource(value = KafkaBrokerResource.class, parallel = true)
@WithTestResource(value = KinesisEmulatorResource.class, parallel = true,
        initArgs = @ResourceArg(name = KinesisEmulatorResource.CONFIG_PREFIX, value = "router.kinesis"))
class KafkaTopicGuaranteesCheckTest {

    /** Production's min.insync.replicas (2) on the single test broker, whose topic keeps Kafka's default of 1. */
    public static class ProductionInsyncReplicas implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("router.kafka.topic-check.min-insync-replicas", "2",
                    "router.kafka.topic-check.interval", "300ms");
        }
    }

    @InjectKafkaBroker
    KafkaBroker broker;

    @Test
    void aTopicWithOneInsyncReplicaIsNotReadyWithTheSettingNamedAndReadyOnceRaised() throws Exception {
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().when().get("/q/health/ready")
                .then().statusCode(503)
                .body("checks.find { it.name == 'kafka-topic' }.status", equalTo("DOWN"))
                .body("checks.find { it.name == 'kafka-topic' }.data.topic", allOf(
                        containsString("min.insync.replicas is 1, needs at least 2"),
                        not(containsString("message.timestamp.type")),
                        not(containsString("replication factor")))));
        given().when().get("/q/metrics").then().body(containsString("router_kafka_topic_guarantees 0.0"));

        setMinInsyncReplicas("2");

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().when().get("/q/health/ready")
                .then().body("checks.find { it.name == 'kafka-topic' }.status", equalTo("UP"))
                .body("checks.find { it.name == 'kafka-topic' }.data.topic", equalTo("keeps its guarantees")));
        given().when().get("/q/metrics").then().body(containsString("router_kafka_topic_guarantees 1.0"));
    }

    private void setMinInsyncReplicas(String value) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
            ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, EventStreams.KAFKA_TOPIC);
            admin.incrementalAlterConfigs(Map.of(topic, List.of(new AlterConfigOp(
                    new ConfigEntry("min.insync.replicas", value), AlterConfigOp.OpType.SET))))
                    .all().get(10, TimeUnit.SECONDS);
        }
    }
}
