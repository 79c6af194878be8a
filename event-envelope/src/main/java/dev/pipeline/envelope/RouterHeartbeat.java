package dev.pipeline.envelope;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeader;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What a router tells delivery, through Kafka, about its Kinesis writes: a promise that lets delivery stop
 * waiting on the Kinesis stream while no router writes to it.
 * <ul>
 * <li>{@code kinesisQuietUntil}: this router starts no Kinesis write before then (a lease; null: it may write now);
 * <li>{@code kinesisQuietSince}: every Kinesis record it stored, other than copies of records it also wrote to
 * Kafka, was stored before then (null: none).
 * </ul>
 * A starting router writes a heartbeat and waits {@link #ANNOUNCEMENT} after Kafka acknowledged it before its first
 * Kinesis write, so a router delivery has not heard of yet writes to Kinesis no earlier than {@code ANNOUNCEMENT}
 * after what delivery has read of Kafka. Heartbeats go to the control topic ({@link #toControlRecord}; routers of
 * earlier versions wrote them to partition 0 of the events' topic) and carry the {@link #HEADER} header; readers that
 * want events only skip them ({@link #isHeartbeat}).
 */
public record RouterHeartbeat(String router, Instant kinesisQuietUntil, Instant kinesisQuietSince) {

    public static final String HEADER = "pipeline-control";
    public static final String HEADER_VALUE = "router-heartbeat";
    public static final Duration ANNOUNCEMENT = Duration.ofSeconds(1);

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Whether a record of the topic is a heartbeat rather than an event. */
    public static boolean isHeartbeat(Headers headers) {
        Header header = headers.lastHeader(HEADER);
        return header != null && HEADER_VALUE.equals(new String(header.value(), StandardCharsets.UTF_8));
    }

    /**
     * The heartbeat as a record of the control topic ({@link ControlTopic}): keyed by router, so compaction keeps each
     * router's latest.
     */
    public ProducerRecord<String, byte[]> toControlRecord(String controlTopic) {
        ProducerRecord<String, byte[]> record = toRecord(controlTopic);
        return new ProducerRecord<>(controlTopic, 0, ControlTopic.HEARTBEAT_PREFIX + router, record.value(),
                record.headers());
    }

    /** The heartbeat as a record on partition 0 of {@code topic} (the events' topic, where earlier routers wrote it). */
    public ProducerRecord<String, byte[]> toRecord(String topic) {
        ObjectNode body = JSON.createObjectNode().put("router", router);
        body.put("kinesisQuietUntil", micros(kinesisQuietUntil));
        body.put("kinesisQuietSince", micros(kinesisQuietSince));
        List<Header> headers = List.of(new RecordHeader(HEADER, HEADER_VALUE.getBytes(StandardCharsets.UTF_8)));
        return new ProducerRecord<>(topic, 0, router, body.toString().getBytes(StandardCharsets.UTF_8), headers);
    }

    public static RouterHeartbeat fromValue(byte[] value) {
        try {
            JsonNode body = JSON.readTree(value);
            if (body == null || !body.path("router").isTextual()) {
                throw new EnvelopeException("router", "heartbeat without a router id");
            }
            return new RouterHeartbeat(body.get("router").asText(), instant(body.path("kinesisQuietUntil")),
                    instant(body.path("kinesisQuietSince")));
        } catch (IOException e) {
            throw new EnvelopeException("router", "heartbeat is not JSON: " + e.getMessage());
        }
    }

    static Long micros(Instant instant) {
        return instant == null ? null : instant.getEpochSecond() * 1_000_000 + instant.getNano() / 1_000;
    }

    static Instant instant(JsonNode micros) {
        return micros.isIntegralNumber() ? Instant.EPOCH.plusNanos(micros.asLong() * 1_000) : null;
    }
}
