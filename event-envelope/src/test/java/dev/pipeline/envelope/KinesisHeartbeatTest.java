package dev.pipeline.envelope;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.junit.jupiter.api.Test;

class KinesisHeartbeatTest {

    @Test
    void aHeartbeatRoundTripsWithMicrosecondTimesKeyedByItsRouter() {
        KinesisHeartbeat heartbeat = new KinesisHeartbeat("router-a", Instant.parse("2026-12-07T10:00:01.123456Z"),
                Instant.parse("2026-12-07T09:59:58.000001Z"));
        KinesisRecordCodec.KinesisRecord record = heartbeat.toRecord();
        assertEquals("pipeline-control:kafka-lease:router-a", record.partitionKey());
        assertTrue(KinesisHeartbeat.isHeartbeat(record.data()));
        assertEquals(heartbeat, KinesisHeartbeat.fromData(record.data()));
        KinesisHeartbeat none = new KinesisHeartbeat("router-b", null, null);
        assertEquals(none, KinesisHeartbeat.fromData(none.toRecord().data()));
    }

    @Test
    void eventsAreNotHeartbeatsAndLookAlikesAreRejected() {
        assertThrows(EnvelopeException.class, () -> CloudEventJson.parse("""
                {"pipelineControl":"kafka-lease","specversion":"1.0","id":"1","source":"/s","type":"t"}"""),
                "not a CloudEvents attribute name: no event carries it");
        CloudEvent event = CloudEventJson.parse("""
                {"specversion":"1.0","id":"1","source":"/s","type":"t","data":"x"}""");
        assertFalse(KinesisHeartbeat.isHeartbeat(KinesisRecordCodec.toRecord(event).data()));
        assertFalse(KinesisHeartbeat.isHeartbeat(new byte[0]));
        byte[] lookAlike = (KinesisHeartbeat.PREFIX + "\"kafkaQuietUntil\":1}").getBytes(StandardCharsets.UTF_8);
        assertTrue(KinesisHeartbeat.isHeartbeat(lookAlike));
        assertThrows(EnvelopeException.class, () -> KinesisHeartbeat.fromData(lookAlike), "no router id");
        byte[] truncated = KinesisHeartbeat.PREFIX.getBytes(StandardCharsets.UTF_8);
        assertThrows(EnvelopeException.class, () -> KinesisHeartbeat.fromData(truncated));
    }
}
