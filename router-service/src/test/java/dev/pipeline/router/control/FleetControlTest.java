package dev.pipeline.router.control;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import dev.pipeline.envelope.ControlTopic;
import dev.pipeline.infra.KafkaBroker;
import dev.pipeline.infra.testing.InjectKafkaBroker;
import dev.pipeline.infra.testing.KinesisEmulatorResource;
import dev.pipeline.router.api.OverrideAudit;
import dev.pipeline.router.routing.RouteMode;
import dev.pipeline.router.routing.RoutingPolicy;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;

/**
 * The control plane against the real broker: a router joining a fleet whose control topic holds an override comes
 * up with it; an override through this router is published for the fleet (override and audit entry); one published by
 * another router is applied here within 2 s and listed in the audit trail; the fleet view shows this router and a
 * delivery replica, stale once it stops reporting.
 */
@QuarkusTest
@TestProfile(FleetControlProfile.class)
@WithTestResource(value = SeededControlTopicResource.class, parallel = true)
@WithTestResource(value = KinesisEmulatorResource.class, parallel = true,
        initArgs = @ResourceArg(name = KinesisEmulatorResource.CONFIG_PREFIX, value = "router.kinesis"))
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FleetControlTest {

    @InjectKafkaBroker
    KafkaBroker kafka;

    @Inject
    RoutingPolicy policy;

    @Inject
    ControlCatchUp catchUp;

    @Test
    @Order(1)
    void aStartingRouterTakesTheFleetsOverrideBeforeItServes() {
        assertTrue(catchUp.outcome().startsWith("read to offset"), catchUp.outcome());
        assertEquals(RouteMode.KAFKA, policy.mode(), "router.mode is auto, the fleet's override is kafka");
        JsonPath routing = given().get("/v1/routing").then().statusCode(200).extract().jsonPath();
        assertEquals("kafka", routing.getString("mode"));
        assertEquals(SeededControlTopicResource.SEEDED_CHANGE, routing.getString("override.id"));
        assertEquals("seeded before start", routing.getString("override.reason"));
    }

    @Test
    @Order(2)
    void anOverrideThroughThisRouterIsPublishedForTheFleet() {
        String reason = "drill " + UUID.randomUUID();
        JsonPath answer = given().header("Authorization", "Bearer " + FleetControlProfile.ADMIN_TOKEN)
                .contentType("application/json").body(Map.of("mode", "auto", "reason", reason))
                .when().put("/v1/routing/override").then().statusCode(200).extract().jsonPath();
        assertEquals("auto", answer.getString("mode"));
        String change = answer.getString("override.id");

        List<ConsumerRecord<String, String>> records = readControlTopic(record -> record.value() != null
                && record.value().contains(change));
        List<String> keys = records.stream().filter(record -> record.value() != null
                && record.value().contains(change)).map(ConsumerRecord::key).toList();
        assertTrue(keys.contains(ControlTopic.OVERRIDE_KEY), "override published: " + keys);
        assertTrue(keys.contains(ControlTopic.AUDIT_PREFIX + change), "audit entry published: " + keys);
        String published = records.stream().filter(record -> ControlTopic.OVERRIDE_KEY.equals(record.key())
                && record.value().contains(change)).findFirst().orElseThrow().value();
        assertTrue(published.contains("\"reason\":\"" + reason + "\""), published);
        assertTrue(published.contains("\"before\":\"kafka\"") && published.contains("\"after\":\"auto\""), published);
        assertFalse(published.contains(FleetControlProfile.ADMIN_TOKEN), "the token itself is never published");
    }

    @Test
    @Order(3)
    void anOverrideFromAnotherRouterIsAppliedWithinTwoSeconds() throws Exception {
        String change = UUID.randomUUID().toString();
        publish(ControlTopic.AUDIT_PREFIX + change, entry(change, "kafka", "kinesis slow in the other zone"));
        Instant published = Instant.now();
        publish(ControlTopic.OVERRIDE_KEY, entry(change, "kafka", "kinesis slow in the other zone"));
        await().atMost(Duration.ofSeconds(2)).until(() -> policy.mode() == RouteMode.KAFKA);
        assertTrue(Duration.between(published, Instant.now()).toMillis() <= 2000);
        given().get("/v1/routing").then().statusCode(200).body("mode", equalTo("kafka"))
                .body("target", equalTo("kafka")).body("override.id", equalTo(change));
        List<String> reasons = given().get("/v1/routing/audit").then().statusCode(200).extract().jsonPath()
                .getList("reason");
        assertTrue(reasons.contains("kinesis slow in the other zone") && reasons.contains("seeded before start"),
                reasons.toString());
    }

    @Test
    @Order(4)
    void anOverrideWithoutAReasonIsTakenAndRecordedAsSuch() {
        String change = given().header("Authorization", "Bearer " + FleetControlProfile.ADMIN_TOKEN)
                .contentType("application/json").body(Map.of("mode", "auto"))
                .when().put("/v1/routing/override").then().statusCode(200).extract().jsonPath()
                .getString("override.id");
        List<Map<String, Object>> audit = given().get("/v1/routing/audit").then().statusCode(200).extract()
                .jsonPath().getList("$");
        Map<String, Object> newest = audit.get(0);
        assertEquals(change, newest.get("id"));
        assertEquals(OverrideAudit.NO_REASON, newest.get("reason"));
        assertEquals("auto", newest.get("after"));
    }

    @Test
    @Order(5)
    void theFleetViewShowsRoutersAndDeliveryReplicasAndMarksSilentOnesStale() throws Exception {
        String router = given().get("/v1/routing").then().extract().jsonPath().getString("router");
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> given().get("/v1/routing").then()
                .body("fleet.routers.find { it.router == '" + router + "' }.stale", equalTo(false))
                .body("fleet.routers.find { it.router == '" + router + "' }.mode", equalTo("auto")));
        publish(ControlTopic.DELIVERY_PREFIX + "delivery-a", "{\"replica\":\"delivery-a\",\"partnersConnected\":3,"
                + "\"lag\":{\"kinesis\":120,\"kafka\":0},\"time\":\"" + Instant.now() + "\"}");
        await().atMost(Duration.ofSeconds(2)).untilAsserted(() -> given().get("/v1/routing").then()
                .body("fleet.deliveries.find { it.replica == 'delivery-a' }.partnersConnected", equalTo(3))
                .body("fleet.deliveries.find { it.replica == 'delivery-a' }.stale", equalTo(false)));
        await().atMost(Duration.ofMillis(FleetControlProfile.STALE_AFTER_MS + 3000)).untilAsserted(() ->
                given().get("/v1/routing").then()
                        .body("fleet.deliveries.find { it.replica == 'delivery-a' }.stale", equalTo(true))
                        .body("fleet.routers.find { it.router == '" + router + "' }.stale", equalTo(false)));
    }

    @Test
    @Order(6)
    void anOlderChangeOfThisRouterPublishedLateDoesNotUndoItsLaterOne() throws Exception {
        Instant before = Instant.now();
        String router = given().header("Authorization", "Bearer " + FleetControlProfile.ADMIN_TOKEN)
                .contentType("application/json").body(Map.of("mode", "kafka", "force", true, "reason", "later"))
                .when().put("/v1/routing/override").then().statusCode(200).extract().jsonPath().getString("router");
        // a change this router took earlier (while Kafka was unreachable) reaches the topic after the later one
        publish(ControlTopic.OVERRIDE_KEY, entry(UUID.randomUUID().toString(), "auto", "earlier", router,
                before.minusSeconds(5)));
        publish(ControlTopic.DELIVERY_PREFIX + "sentinel", "{\"replica\":\"sentinel\"}");
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> given().get("/v1/routing").then()
                .body("fleet.deliveries.find { it.replica == 'sentinel' }.replica", equalTo("sentinel")));
        assertEquals(RouteMode.KAFKA, policy.mode(), "the records are read in order: the late one was read and skipped");
    }

    private static String entry(String id, String after, String reason) {
        return entry(id, after, reason, "another-router", Instant.now());
    }

    private static String entry(String id, String after, String reason, String router, Instant time) {
        return "{\"id\":\"" + id + "\",\"time\":\"" + time + "\",\"token\":\"0badc0de\","
                + "\"address\":\"10.0.0.8:4242\",\"router\":\"" + router + "\",\"before\":\"auto\",\"after\":\""
                + after + "\",\"force\":false,\"reason\":\"" + reason + "\"}";
    }

    private void publish(String key, String value) throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(
                Map.of("bootstrap.servers", kafka.bootstrapServers()), new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(ControlTopic.NAME, key, value)).get(10, TimeUnit.SECONDS);
        }
    }

    /** Reads the control topic from its start until a record matches (at most 10 s), returning what it read. */
    private List<ConsumerRecord<String, String>> readControlTopic(
            java.util.function.Predicate<ConsumerRecord<String, String>> until) {
        List<ConsumerRecord<String, String>> read = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(
                Map.of("bootstrap.servers", kafka.bootstrapServers()), new StringDeserializer(),
                new StringDeserializer())) {
            TopicPartition partition = new TopicPartition(ControlTopic.NAME, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(read::add);
                return read.stream().filter(until).count() >= 2;
            });
        }
        return read;
    }
}
