package dev.pipeline.router.partial;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.pipeline.envelope.CloudEvent;
import dev.pipeline.envelope.CloudEventJson;
import dev.pipeline.envelope.KinesisHeartbeat;
import dev.pipeline.infra.KinesisEmulator;
import dev.pipeline.infra.testing.KafkaBrokerResource;
import dev.pipeline.router.InternalApi;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

/**
 * PutRecords partial failures from a real Kinesis endpoint (entries made to fail by a proxy): only the failed
 * entries are resent, and a key's next event is not written before its failed one is stored.
 */
@QuarkusTest
@TestProfile(PartialPutRecordsTest.PinnedToKinesis.class)
@WithTestResource(value = KafkaBrokerResource.class, parallel = true)
@WithTestResource(value = PartialFailureResource.class, parallel = true)
class PartialPutRecordsTest {

    /** Writes pinned to Kinesis, with timeouts generous enough for a slow emulator. */
    public static class PinnedToKinesis implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("router.mode", "kinesis", "router.kinesis.api-call-timeout", "20s",
                    "router.kinesis.api-call-attempt-timeout", "10s");
        }
    }

    PartialFailureProxy proxy;

    KinesisEmulator kinesis;

    @Test
    void onlyFailedEntriesAreResentAndEachKeyStaysInOrder() {
        List<CloudEvent> events = List.of(event("a1", "a"), event("a2", "a"), event("a3", "a"),
                event("b1", "b"), event("b2", "b"));
        proxy.failOnce("a1");
        proxy.failOnce("b2");

        given().header("Authorization", InternalApi.AUTHORIZATION)
                .contentType(CloudEventJson.BATCH_MEDIA_TYPE).body(CloudEventJson.writeBatch(events))
                .when().post("/v1/events")
                .then().statusCode(200).body("sink", equalTo("kinesis"));

        assertEquals(List.of(List.of("a1", "b1"), List.of("a1", "b2"), List.of("a2", "b2"), List.of("a3")),
                proxy.putRecordsCalls(), "each call resends only what failed, one entry per key");
        assertEquals(List.of("a1", "a2", "a3", "b1", "b2"), storedIds(), "stored once each, in order per key");
    }

    private List<String> storedIds() {
        List<String> ids = new ArrayList<>();
        try (KinesisClient client = kinesis.newClient()) {
            String shard = client.listShards(r -> r.streamName(kinesis.stream())).shards().get(0).shardId();
            String iterator = client.getShardIterator(r -> r.streamName(kinesis.stream()).shardId(shard)
                    .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
            client.getRecords(r -> r.shardIterator(iterator)).records().stream()
                    .filter(record -> !KinesisHeartbeat.isHeartbeat(record.data().asByteArray()))
                    .forEach(record -> ids.add(CloudEventJson.parse(record.data().asByteArray()).id()));
        }
        // one shard: the stream's order is the write order; group by key to compare per-key order
        List<String> byKey = new ArrayList<>(ids.stream().filter(id -> id.startsWith("a")).toList());
        byKey.addAll(ids.stream().filter(id -> id.startsWith("b")).toList());
        return byKey;
    }

    private static CloudEvent event(String id, String key) {
        return CloudEventJson.parse("{\"specversion\":\"1.0\",\"id\":\"" + id
                + "\",\"source\":\"/partial-test\",\"type\":\"test\",\"partitionkey\":\"" + key + "\"}");
    }
}
