package dev.pipeline.envelope;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The structured bytes ingest encoded travel through the codecs unchanged, read for their attributes only. */
class EncodeOnceTest {

    /** As ingest encodes it: one line, an integer extension, a number with a trailing zero, non-ASCII text. */
    private static final String INGESTED = "{\"specversion\":\"1.0\",\"id\":\"evt-1\",\"source\":\"/sensors/ü\","
            + "\"type\":\"com.example.reading\",\"time\":\"2020-11-25T13:19:00.123456Z\",\"subject\":\"sensor-7\","
            + "\"datacontenttype\":\"application/json\",\"audience\":\"alpha,beta\",\"ingesttime\":\"2020-11-25T13:19:01.000001Z\","
            + "\"partitionkey\":\"key-1\",\"priority\":3,\"urgent\":true,"
            + "\"data\":{\"text\":\"Grüße \\n line\",\"value\":12.50,\"big\":12345678901234567890}}";

    private static final byte[] BYTES = INGESTED.getBytes(StandardCharsets.UTF_8);

    @Test
    void attributesReadAlonePlusTheEncodingAreTheWholeEvent() {
        CloudEvent read = CloudEventJson.parseAttributes(BYTES);
        assertEquals(CloudEventJson.parse(INGESTED), read);
        assertEquals(3, read.extension("priority"));
        assertEquals("key-1", read.partitionKey());
        assertEquals("12.50", ((EventData.Json) read.data()).value().get("value").toString());
        assertSame(BYTES, CloudEventJson.write(read), "written as it was read");
    }

    @Test
    void kinesisStoresAndReturnsTheIngestedBytes() {
        CloudEvent event = CloudEventJson.parseAttributes(BYTES);
        KinesisRecordCodec.KinesisRecord record = KinesisRecordCodec.toRecord(event);
        assertArrayEquals(BYTES, record.data());
        assertArrayEquals(BYTES, CloudEventJson.write(KinesisRecordCodec.fromData(record.data())));
    }

    @Test
    void kafkaStoresTheIngestedBytesInStructuredModeAndTheirAttributesSurvive() {
        CloudEvent event = CloudEventJson.parseAttributes(BYTES);
        ProducerRecord<String, byte[]> record = KafkaRecordCodec.toProducerRecord("events", event);
        assertArrayEquals(BYTES, record.value());
        assertEquals("key-1", record.key());
        assertEquals(KafkaRecordCodec.STRUCTURED_CONTENT_TYPE,
                new String(record.headers().lastHeader("content-type").value(), StandardCharsets.UTF_8));
        CloudEvent decoded = KafkaRecordCodec.fromRecord(consumed(record));
        assertEquals(CloudEventJson.parse(INGESTED), decoded, "an integer extension stays an integer");
        assertArrayEquals(BYTES, CloudEventJson.write(decoded));
    }

    @Test
    void aBatchHandsOnEachEventsBytesAsTheyAreInTheBatch() {
        String second = INGESTED.replace("evt-1", "evt-2");
        byte[] batch = ("[" + INGESTED + "," + second + "]").getBytes(StandardCharsets.UTF_8);
        List<CloudEvent> events = CloudEventJson.parseBatchAttributes(batch);
        assertEquals(List.of(CloudEventJson.parse(INGESTED), CloudEventJson.parse(second)), events);
        assertEquals(INGESTED, new String(CloudEventJson.write(events.get(0)), StandardCharsets.UTF_8));
        assertEquals(second, new String(CloudEventJson.write(events.get(1)), StandardCharsets.UTF_8));
        assertArrayEquals(batch, CloudEventJson.writeBatch(events));
    }

    @Test
    void aBatchSpreadOverLinesIsReadInFullAndWrittenOnOneLine() {
        byte[] batch = ("[\n  " + INGESTED.replace(",\"type\"", ",\n   \"type\"") + "\n]").getBytes(StandardCharsets.UTF_8);
        CloudEvent event = CloudEventJson.parseBatchAttributes(batch).get(0);
        assertEquals(CloudEventJson.parse(INGESTED), event);
        assertNull(event.json());
        assertEquals(INGESTED, CloudEventJson.writeString(event));
    }

    @Test
    void aChangedEventDropsItsEncoding() {
        CloudEvent changed = CloudEventJson.parseAttributes(BYTES).withExtension("audience", "alpha");
        assertNull(changed.json());
        assertEquals(INGESTED.replace("\"alpha,beta\"", "\"alpha\""), CloudEventJson.writeString(changed));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"specversion\":\"0.3\",\"id\":\"a\",\"source\":\"s\",\"type\":\"t\"}|specversion",
            "{\"specversion\":\"1.0\",\"source\":\"s\",\"type\":\"t\"}|id",
            "{\"specversion\":\"1.0\",\"id\":\"a\",\"source\":\"s\",\"type\":\"t\",\"time\":\"yesterday\"}|time",
            "{\"specversion\":\"1.0\",\"id\":\"a\",\"source\":\"s\",\"type\":\"t\",\"Bad\":\"x\"}|Bad",
            "{\"specversion\":\"1.0\",\"id\":\"a\",\"source\":\"s\",\"type\":\"t\",\"n\":1.5}|n",
            "{\"specversion\":\"1.0\",\"id\":\"a\",\"source\":\"s\",\"type\":\"t\",\"n\":12345678901}|n",
            "{\"specversion\":\"1.0\",\"id\":\"a\",\"source\":\"s\",\"type\":7}|type",
            "{\"specversion\":\"1.0\",\"id\":\"a\",\"source\":\"s\",\"type\":\"t\",\"data\":1,\"data_base64\":\"AA==\"}|data_base64",
            "{\"specversion\":\"1.0\",\"id\":\"a\",\"source\":\"s\",\"type\":\"t\",\"data_base64\":\"!!\"}|data_base64",
            "{\"specversion\":\"1.0\",\"id\":\"a\",\"id\":\"b\",\"source\":\"s\",\"type\":\"t\"}|",
            "{\"specversion\":\"1.0\",\"id\":\"a\",\"source\":\"s\",\"type\":\"t\",\"e\":\"x\",\"e\":\"y\"}|",
            "{\"specversion\":\"1.0\",\"id\":\"a\",\"source\":\"s\",\"type\":\"t\",\"e\":null,\"e\":\"y\"}|",
            "{\"specversion\":\"1.0\",\"id\":\"a\",\"source\":\"s\",\"type\":\"t\",\"data\":1,\"data\":2}|",
            "{\"specversion\":\"1.0\",\"id\":\"a\",\"source\":\"s\",\"type\":\"t\",\"data\":{]}|",
            "[1]|"})
    void attributesAreCheckedAsAFullParseChecksThem(String row) {
        String json = row.substring(0, row.lastIndexOf('|'));
        String attribute = row.substring(row.lastIndexOf('|') + 1);
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        EnvelopeException full = assertThrows(EnvelopeException.class, () -> CloudEventJson.parse(bytes));
        EnvelopeException shallow = assertThrows(EnvelopeException.class, () -> CloudEventJson.parseAttributes(bytes));
        assertEquals(attribute.isEmpty() ? null : attribute, shallow.attribute());
        assertEquals(full.attribute(), shallow.attribute());
    }

    @Test
    void anExtensionGivenAsNullIsAbsentAndNamesInsideTheDataAreThePayloads() {
        byte[] bytes = ("{\"specversion\":\"1.0\",\"id\":\"a\",\"source\":\"s\",\"type\":\"t\",\"e\":null,"
                + "\"data\":{\"k\":1,\"k\":2}}").getBytes(StandardCharsets.UTF_8);
        CloudEvent read = CloudEventJson.parseAttributes(bytes);
        assertEquals(Map.of(), read.extensions());
        assertArrayEquals(bytes, CloudEventJson.write(read));
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"specversion\":\"1.0\",\n\"id\":\"a\",\"source\":\"s\",\"type\":\"t\"}",
            "{\"specversion\":\"1.0\",\"id\":\"a\",\"source\":\"s\",\"type\":\"t\",\"data\":{\r\"k\":1}}",
            "{\"specversion\":\"1.0\",\"id\":\"a\",\"source\":\"s\",\"type\":\"t\"}\n"})
    void anEventSpanningLinesIsNotKeptAsItsEncoding(String json) {
        CloudEvent read = CloudEventJson.parseAttributes(json.getBytes(StandardCharsets.UTF_8));
        assertNull(read.json());
        assertEquals(CloudEventJson.parse(json), read);
        assertFalse(new String(CloudEventJson.write(read), StandardCharsets.UTF_8).contains("\n"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"application/cloudevents+json; charset=UTF-8", " Application/CloudEvents+JSON",
            "APPLICATION/CLOUDEVENTS"})
    void kafkaRecordsInAnyStructuredContentTypeAreReadForTheirAttributes(String contentType) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(KafkaRecordCodec.CONTENT_TYPE_HEADER, contentType.getBytes(StandardCharsets.UTF_8));
        assertEquals(CloudEventJson.parseAttributes(BYTES), KafkaRecordCodec.fromParts(BYTES, headers));
    }

    @ParameterizedTest
    @ValueSource(strings = {"application/json", "application/cloudevent", "text/plain"})
    void kafkaRecordsOfAnotherContentTypeAreBinaryMode(String contentType) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(KafkaRecordCodec.CONTENT_TYPE_HEADER, contentType.getBytes(StandardCharsets.UTF_8));
        EnvelopeException binary = assertThrows(EnvelopeException.class, () -> KafkaRecordCodec.fromParts(BYTES, headers));
        assertEquals("specversion", binary.attribute());
    }

    private static ConsumerRecord<String, byte[]> consumed(ProducerRecord<String, byte[]> record) {
        return new ConsumerRecord<>(record.topic(), 0, 0L, 0L, TimestampType.CREATE_TIME, 0, 0, record.key(),
                record.value(), new RecordHeaders(record.headers().toArray()), java.util.Optional.empty());
    }
}
