package dev.pipeline.envelope;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What a router tells delivery, through Kinesis, about its Kafka writes while Kafka does not answer it: the mirror of
 * {@link RouterHeartbeat}, which lets delivery stop waiting on a Kafka it cannot read while no router writes to it.
 * <ul>
 * <li>{@code kafkaQuietUntil}: this router starts no Kafka write of events before then (a lease; null: it may write
 * now);
 * <li>{@code kafkaQuietSince}: every event it wrote to Kafka was stored, if at all, before then (null: none).
 * </ul>
 * Kinesis records carry no headers, so a heartbeat is told from an event by how its data begins ({@link #PREFIX}),
 * which no event's data shares ({@code pipelineControl} is no valid CloudEvents attribute name, and ingest writes
 * {@code specversion} first). Readers that want events only
 * skip them ({@link #isHeartbeat}); the partition key keeps one router's heartbeats on one shard, in order.
 */
public record KinesisHeartbeat(String router, Instant kafkaQuietUntil, Instant kafkaQuietSince) {

    /** How every heartbeat's data begins. */
    static final String PREFIX = "{\"pipelineControl\":\"kafka-lease\",";
    static final String PARTITION_KEY_PREFIX = "pipeline-control:kafka-lease:";

    private static final byte[] PREFIX_BYTES = PREFIX.getBytes(StandardCharsets.UTF_8);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Whether a Kinesis record's data is a heartbeat rather than an event (or a stray record). */
    public static boolean isHeartbeat(byte[] data) {
        return data.length >= PREFIX_BYTES.length
                && Arrays.equals(data, 0, PREFIX_BYTES.length, PREFIX_BYTES, 0, PREFIX_BYTES.length);
    }

    /** The heartbeat as a Kinesis record: its partition key and data. */
    public KinesisRecordCodec.KinesisRecord toRecord() {
        ObjectNode body = JSON.createObjectNode().put("pipelineControl", "kafka-lease").put("router", router);
        body.put("kafkaQuietUntil", RouterHeartbeat.micros(kafkaQuietUntil));
        body.put("kafkaQuietSince", RouterHeartbeat.micros(kafkaQuietSince));
        return new KinesisRecordCodec.KinesisRecord(PARTITION_KEY_PREFIX + router,
                body.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** The heartbeat a record's data holds; throws {@link EnvelopeException} for data that only begins like one. */
    public static KinesisHeartbeat fromData(byte[] data) {
        try {
            JsonNode body = JSON.readTree(data);
            if (body == null || !body.path("router").isTextual()) {
                throw new EnvelopeException("router", "Kinesis heartbeat without a router id");
            }
            return new KinesisHeartbeat(body.get("router").asText(), RouterHeartbeat.instant(body.path("kafkaQuietUntil")),
                    RouterHeartbeat.instant(body.path("kafkaQuietSince")));
        } catch (IOException e) {
            throw new EnvelopeException("router", "Kinesis heartbeat is not JSON: " + e.getMessage());
        }
    }
}
