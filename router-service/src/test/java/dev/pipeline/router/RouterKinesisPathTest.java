package dev.pipeline.router;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.pipeline.envelope.CloudEvent;
import dev.pipeline.envelope.CloudEventJson;
import dev.pipeline.envelope.KinesisHeartbeat;
import dev.pipeline.infra.KinesisEmulator;
import dev.pipeline.infra.testing.InjectKinesisEmulator;
import dev.pipeline.infra.testing.KafkaBrokerResource;
import dev.pipeline.infra.testing.KinesisEmulatorResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import dev.pipeline.infra.testing.SseClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

@QuarkusTest
@TestProfile(RouterKinesisPathTest.PinnedToKinesis.class)
@WithTestResource(value = KafkaBrokerResource.class, parallel = true)
@WithTestResource(value = KinesisEmulatorResource.class, parallel = true,
        initArgs = @ResourceArg(name = KinesisEmulatorResource.CONFIG_PREFIX, value = "router.kinesis"))
class RouterKinesisPathTest {

    /** Writes pinned to Kinesis. */
    public static class PinnedToKinesis implements QuarkusTestProfile {
        @Override
        public java.util.Map<String, String> getConfigOverrides() {
            // the path, not failover, is under test: timeouts generous enough for a slow emulator on a busy machine
            return java.util.Map.of("router.mode", "kinesis",
                    "router.kinesis.api-call-timeout", "20s", "router.kinesis.api-call-attempt-timeout", "10s");
        }
    }

    @InjectKinesisEmulator
    KinesisEmulator kinesis;

    @Test
    void aBatchIsConfirmedOnlyOnceStoredInKinesisAndReadableThere() {
        List<CloudEvent> sent = List.of(
                CloudEventJson.parse("{\"specversion\":\"1.0\",\"id\":\"k-1\",\"source\":\"/test\",\"type\":\"t\",\"subject\":\"a\",\"data\":{\"n\":1}}"),
                CloudEventJson.parse("{\"specversion\":\"1.0\",\"id\":\"k-2\",\"source\":\"/test\",\"type\":\"t\",\"subject\":\"a\",\"data\":{\"n\":2}}"),
                CloudEventJson.parse("{\"specversion\":\"1.0\",\"id\":\"k-3\",\"source\":\"/test\",\"type\":\"t\",\"subject\":\"b\",\"data\":\"ü\"}"));

        given().header("Authorization", InternalApi.AUTHORIZATION)
                .contentType(CloudEventJson.BATCH_MEDIA_TYPE).body(CloudEventJson.writeBatch(sent))
                .when().post("/v1/events")
                .then().statusCode(200).body("sink", equalTo("kinesis")).body("events", equalTo(3));

        List<CloudEvent> stored = new ArrayList<>();
        try (KinesisClient client = kinesis.newClient()) {
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                stored.clear();
                // an SDK retry after a slow attempt may store an event twice: allowed, delivery removes duplicates
                readAll(client).stream().filter(e -> e.id().startsWith("k-"))
                        .filter(e -> stored.stream().noneMatch(s -> s.id().equals(e.id())))
                        .forEach(stored::add);
                assertEquals(3, stored.size());
            });
        }
        assertEquals(sent.stream().filter(e -> "a".equals(e.subject())).toList(),
                stored.stream().filter(e -> "a".equals(e.subject())).toList(), "per-key order");
        assertEquals(sent.get(2), stored.stream().filter(e -> "b".equals(e.subject())).findFirst().orElseThrow());
    }

    /** Encode once: the router stores each event's bytes as ingest encoded them (no parse and re-encode on the way). */
    @Test
    void kinesisStoresTheBytesIngestEncoded() {
        List<String> ingested = List.of(
                // not the form a re-encoding gives: extensions unsorted, a character escaped
                "{\"specversion\":\"1.0\",\"id\":\"bytes-1\",\"source\":\"/test\",\"type\":\"t\",\"subject\":\"c\","
                        + "\"priority\":3,\"audience\":\"alpha,beta\",\"data\":{\"price\":12.50,\"text\":\"Gr\\u00fc\u00dfe\"}}",
                "{\"specversion\":\"1.0\",\"id\":\"bytes-2\",\"source\":\"/test\",\"type\":\"t\",\"subject\":\"c\","
                        + "\"data_base64\":\"AAECAwT/\"}");
        given().header("Authorization", InternalApi.AUTHORIZATION)
                .contentType(CloudEventJson.BATCH_MEDIA_TYPE).body(("[" + String.join(",", ingested) + "]").getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .when().post("/v1/events")
                .then().statusCode(200).body("sink", equalTo("kinesis")).body("events", equalTo(2));

        try (KinesisClient client = kinesis.newClient()) {
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                List<String> stored = readAllData(client).stream().filter(data -> data.contains("bytes-")).distinct().toList();
                assertEquals(ingested, stored);
            });
        }
    }

    @Test
    void malformedInputIsAProblemNotAStackTrace() {
        given().header("Authorization", InternalApi.AUTHORIZATION)
                .contentType(CloudEventJson.MEDIA_TYPE).body("{\"specversion\":\"1.0\"")
                .when().post("/v1/events")
                .then().statusCode(400).contentType("application/problem+json")
                .body("type", equalTo("https://pipeline.dev/problems/invalid-event"));
    }

    @TestHTTPResource("/v1/routing/stream")
    java.net.URI routingStream;

    @Test
    void theStatusPageIsFedByALiveStreamOfTheRoutingState() throws Exception {
        given().when().get("/status.html").then().statusCode(200)
                .body(org.hamcrest.Matchers.containsString("new EventSource('/v1/routing/stream')"));
        try (SseClient client = SseClient.connect(routingStream, java.util.Map.of())) {
            await().atMost(Duration.ofSeconds(10)).until(() -> client.messages().size() >= 2);
            com.fasterxml.jackson.databind.JsonNode view = new com.fasterxml.jackson.databind.ObjectMapper()
                    .readTree(client.messages().get(1).data());
            assertEquals("kinesis", view.path("routing").path("mode").asText());
            assertEquals(true, view.path("routing").path("sinks").has("kafka"));
            // the router announces itself to delivery before its HTTP server opens
            assertTrue(view.path("routing").hasNonNull("kinesisWritesFrom"), "announced: " + view);
            assertFalse(view.path("routing").path("router").asText().isEmpty());
        }
    }

    private List<String> readAllData(KinesisClient client) {
        List<String> data = new ArrayList<>();
        for (Shard shard : client.listShards(r -> r.streamName(kinesis.stream())).shards()) {
            String iterator = client.getShardIterator(r -> r.streamName(kinesis.stream()).shardId(shard.shardId())
                    .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
            client.getRecords(r -> r.shardIterator(iterator)).records().stream()
                    .filter(record -> !KinesisHeartbeat.isHeartbeat(record.data().asByteArray()))
                    .forEach(record -> data.add(record.data().asUtf8String()));
        }
        return data;
    }

    private List<CloudEvent> readAll(KinesisClient client) {
        List<CloudEvent> events = new ArrayList<>();
        for (Shard shard : client.listShards(r -> r.streamName(kinesis.stream())).shards()) {
            String iterator = client.getShardIterator(r -> r.streamName(kinesis.stream()).shardId(shard.shardId())
                    .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
            client.getRecords(r -> r.shardIterator(iterator)).records().stream()
                    .filter(record -> !KinesisHeartbeat.isHeartbeat(record.data().asByteArray()))
                    .forEach(record -> events.add(CloudEventJson.parse(record.data().asByteArray())));
        }
        return events;
    }
}
