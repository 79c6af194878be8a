package dev.pipeline.envelope;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

class RouterHeartbeatTest {

    @Test
    void aHeartbeatRoundTripsWithMicrosecondTimesAndGoesToPartitionZero() {
        RouterHeartbeat heartbeat = new RouterHeartbeat("router-a", Instant.parse("2026-11-26T10:00:01.123456Z"),
                Instant.parse("2026-11-26T09:59:58.000001Z"));
        ProducerRecord<String, byte[]> record = heartbeat.toRecord("events");
        assertEquals(0, record.partition());
        assertTrue(RouterHeartbeat.isHeartbeat(record.headers()));
        assertEquals(heartbeat, RouterHeartbeat.fromValue(record.value()));
    }

    @Test
    void aRouterWithoutLeaseOrKinesisWritesHasNullTimes() {
        RouterHeartbeat heartbeat = new RouterHeartbeat("router-b", null, null);
        assertEquals(heartbeat, RouterHeartbeat.fromValue(heartbeat.toRecord("events").value()));
    }

    @Test
    void eventsAreNotHeartbeatsAndGarbageIsRejected() {
        CloudEvent event = CloudEventJson.parse("""
                {"specversion":"1.0","id":"1","source":"/s","type":"t","data":"x"}""");
        assertFalse(RouterHeartbeat.isHeartbeat(KafkaRecordCodec.toProducerRecord("events", event).headers()));
        assertThrows(EnvelopeException.class, () -> RouterHeartbeat.fromValue("{}".getBytes(StandardCharsets.UTF_8)));
        assertThrows(EnvelopeException.class, () -> RouterHeartbeat.fromValue("not json".getBytes(StandardCharsets.UTF_8)));
    }
}
