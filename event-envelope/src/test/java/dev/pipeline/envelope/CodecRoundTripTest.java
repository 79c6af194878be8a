package dev.pipeline.envelope;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

class CodecRoundTripTest {

    private static final String FULL_EVENT = """
            {"specversion":"1.0","id":"evt-1","source":"/sensors/ü","type":"com.example.reading",
             "time":"2020-11-25T13:19:00.123456Z","subject":"sensor-7","datacontenttype":"application/json",
             "dataschema":"https://example.com/schema","partitionkey":"key-1","priority":3,"urgent":true,
             "data":{"text":"Grüße, 世界 \\n line","value":12.50,"big":12345678901234567890}}
            """;

    @Test
    void structuredJsonRoundTripKeepsEveryAttribute() {
        CloudEvent event = CloudEventJson.parse(FULL_EVENT);
        CloudEvent again = CloudEventJson.parse(CloudEventJson.write(event));
        assertEquals(event, again);
        assertEquals("key-1", again.partitionKey());
        assertEquals(3, again.extension("priority"));
        assertEquals(true, again.extension("urgent"));
        assertEquals("12.50", ((EventData.Json) again.data()).value().get("value").toString());
    }

    @Test
    void structuredOutputHasContextAttributesFirstThenExtensionsThenData() {
        String expected = "{\"specversion\":\"1.0\",\"id\":\"evt-1\",\"source\":\"/sensors/ü\","
                + "\"type\":\"com.example.reading\",\"time\":\"2020-11-25T13:19:00.123456Z\",\"subject\":\"sensor-7\","
                + "\"datacontenttype\":\"application/json\",\"dataschema\":\"https://example.com/schema\","
                + "\"partitionkey\":\"key-1\",\"priority\":3,\"urgent\":true,"
                + "\"data\":{\"text\":\"Grüße, 世界 \\n line\",\"value\":12.50,\"big\":12345678901234567890}}";
        assertEquals(expected, CloudEventJson.writeString(CloudEventJson.parse(FULL_EVENT)));
        assertEquals("[" + expected + "," + expected + "]", new String(CloudEventJson.writeBatch(
                List.of(CloudEventJson.parse(FULL_EVENT), CloudEventJson.parse(FULL_EVENT))), StandardCharsets.UTF_8));
    }

    @Test
    void structuredOutputIsOneLineEvenWithLineBreaksInData() {
        CloudEvent event = CloudEventJson.parse(FULL_EVENT);
        String line = CloudEventJson.writeString(event);
        assertFalse(line.contains("\n") || line.contains("\r"), line);
    }

    @Test
    void kinesisRecordCarriesStructuredJsonAndPartitionKey() {
        CloudEvent event = CloudEventJson.parse(FULL_EVENT);
        KinesisRecordCodec.KinesisRecord record = KinesisRecordCodec.toRecord(event);
        assertEquals("key-1", record.partitionKey());
        assertEquals(event, KinesisRecordCodec.fromData(record.data()));
    }

    @Test
    void kinesisPartitionKeyDefaultsToSubjectThenId() {
        CloudEvent withSubject = CloudEventJson.parse("""
                {"specversion":"1.0","id":"a","source":"s","type":"t","subject":"sub"}""");
        CloudEvent withoutSubject = CloudEventJson.parse("""
                {"specversion":"1.0","id":"a","source":"s","type":"t"}""");
        assertEquals("sub", KinesisRecordCodec.toRecord(withSubject).partitionKey());
        assertEquals("a", KinesisRecordCodec.toRecord(withoutSubject).partitionKey());
    }

    @Test
    void overlongPartitionKeyIsHashedStably() {
        CloudEvent event = CloudEventJson.parse("""
                {"specversion":"1.0","id":"a","source":"s","type":"t","partitionkey":"%s"}""".formatted("k".repeat(300)));
        String key = KinesisRecordCodec.toRecord(event).partitionKey();
        assertEquals(key, KinesisRecordCodec.toRecord(event.withExtension("other", "x")).partitionKey());
        assertEquals(71, key.length());
    }

    @Test
    void kafkaBinaryModeRecordsWrittenBeforeStructuredModeAreStillRead() {
        CloudEvent event = CloudEventJson.parse(FULL_EVENT);
        ProducerRecord<String, byte[]> record = KafkaRecordCodec.toBinaryProducerRecord("events", event);
        assertEquals("key-1", record.key());
        assertEquals("sensor-7", header(record, "ce_subject"));
        assertEquals("application/json", header(record, "content-type"));
        CloudEvent decoded = KafkaRecordCodec.fromRecord(consumed(record));
        // headers carry extension values as strings (CloudEvents canonical string form)
        assertEquals(event.withExtension("priority", "3").withExtension("urgent", "true"), decoded);
    }

    @Test
    void kafkaBinaryModeKeepsOpaqueBytesAndText() {
        byte[] bytes = {0, (byte) 0xff, 10, 13, 42};
        CloudEvent binary = new CloudEvent("1.0", "b", "s", "t", null, null, "application/octet-stream", null,
                Map.of(), new EventData.Binary(bytes));
        CloudEvent decodedBinary = KafkaRecordCodec.fromRecord(consumed(KafkaRecordCodec.toBinaryProducerRecord("events", binary)));
        assertArrayEquals(bytes, ((EventData.Binary) decodedBinary.data()).bytes());

        CloudEvent text = CloudEventJson.parse("""
                {"specversion":"1.0","id":"t","source":"s","type":"t","datacontenttype":"text/plain","data":"héllo\\r\\nworld"}""");
        ProducerRecord<String, byte[]> record = KafkaRecordCodec.toBinaryProducerRecord("events", text);
        assertEquals("héllo\r\nworld", new String(record.value(), StandardCharsets.UTF_8));
        assertEquals(text, KafkaRecordCodec.fromRecord(consumed(record)));
    }

    @Test
    void structuredBinaryDataTravelsAsBase64() {
        CloudEvent event = CloudEventJson.parse("""
                {"specversion":"1.0","id":"b","source":"s","type":"t","datacontenttype":"image/png","data_base64":"AAECAwT/"}""");
        assertInstanceOf(EventData.Binary.class, event.data());
        assertEquals(event, CloudEventJson.parse(CloudEventJson.write(event)));
        assertEquals(event, KinesisRecordCodec.fromData(KinesisRecordCodec.toRecord(event).data()));
        assertEquals(event, KafkaRecordCodec.fromRecord(consumed(KafkaRecordCodec.toProducerRecord("events", event))));
    }

    @Test
    void badEventsNameTheAttribute() {
        assertEquals("specversion", assertThrows(EnvelopeException.class, () -> CloudEventJson.parse("""
                {"specversion":"0.3","id":"a","source":"s","type":"t"}""")).attribute());
        assertEquals("id", assertThrows(EnvelopeException.class, () -> CloudEventJson.parse("""
                {"specversion":"1.0","source":"s","type":"t"}""")).attribute());
        assertEquals("time", assertThrows(EnvelopeException.class, () -> CloudEventJson.parse("""
                {"specversion":"1.0","id":"a","source":"s","type":"t","time":"yesterday"}""")).attribute());
        assertEquals("Bad", assertThrows(EnvelopeException.class, () -> CloudEventJson.parse("""
                {"specversion":"1.0","id":"a","source":"s","type":"t","Bad":"x"}""")).attribute());
        assertEquals(null, assertThrows(EnvelopeException.class, () -> CloudEventJson.parse("{not json")).attribute());
    }

    private static String header(ProducerRecord<String, byte[]> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    private static ConsumerRecord<String, byte[]> consumed(ProducerRecord<String, byte[]> record) {
        return new ConsumerRecord<>(record.topic(), 0, 0L, 0L, TimestampType.CREATE_TIME, 0, 0, record.key(),
                record.value(), new RecordHeaders(record.headers().toArray()), java.util.Optional.empty());
    }
}
