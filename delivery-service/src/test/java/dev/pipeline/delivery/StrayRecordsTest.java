package dev.pipeline.delivery;

import static dev.pipeline.delivery.DeliveryTestProfile.ADMIN_TOKEN;
import static dev.pipeline.delivery.DeliveryTestProfile.ALL_KEY;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.stream.Stream;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.node.TextNode;

import dev.pipeline.delivery.admin.RejectedRecordsResource;
import dev.pipeline.delivery.merge.SourcedEvent;
import dev.pipeline.delivery.source.RejectReason;
import dev.pipeline.envelope.CloudEvent;
import dev.pipeline.envelope.CloudEventJson;
import dev.pipeline.envelope.EventData;
import dev.pipeline.envelope.EventStreams;
import dev.pipeline.envelope.KafkaRecordCodec;
import dev.pipeline.envelope.RouterHeartbeat;
import dev.pipeline.infra.KafkaBroker;
import dev.pipeline.infra.KinesisEmulator;
import dev.pipeline.infra.testing.InjectKafkaBroker;
import dev.pipeline.infra.testing.InjectKinesisEmulator;
import dev.pipeline.infra.testing.KafkaBrokerResource;
import dev.pipeline.infra.testing.KinesisEmulatorResource;
import dev.pipeline.infra.testing.SseClient;
import dev.pipeline.support.problem.Problem;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordResponse;

/**
 * Records on either stream that are not events of this pipeline, one per kind, written to the real broker and the
 * real emulator: each is skipped, counted with its reason, listed by {@code GET /v1/admin/rejected} at its position,
 * and the reader goes on to deliver the good event written after it to the same partition or shard.
 */
@QuarkusTest
@TestProfile(DeliveryTestProfile.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@WithTestResource(value = KafkaBrokerResource.class, parallel = true)
@WithTestResource(value = KinesisEmulatorResource.class, parallel = true,
        initArgs = @ResourceArg(name = KinesisEmulatorResource.CONFIG_PREFIX, value = "delivery.kinesis"))
class StrayRecordsTest {

    private static final Duration WAIT = Duration.ofSeconds(45);
    /** Over the pipeline's limit, within what the broker's and the emulator's defaults store (1 MiB). */
    private static final int HUGE_BYTES = EventStreams.MAX_EVENT_BYTES + 20_000;

    /** A stray record: its Kafka headers and value, or its Kinesis data (headers unused). */
    record Stray(String name, List<Header> headers, byte[] value, String reason) {
        @Override
        public String toString() {
            return name;
        }
    }

    @InjectKafkaBroker
    KafkaBroker kafka;

    @InjectKinesisEmulator
    KinesisEmulator kinesis;

    @Inject
    MeterRegistry registry;

    @TestHTTPResource("/v1/stream")
    URI stream;

    private KafkaProducer<String, byte[]> producer;
    private KinesisClient kinesisClient;

    static Stream<Arguments> kafkaStrays() {
        CloudEvent event = TestEvents.event("kafka-stray", "test.stray", "stray/k", "k", Instant.now());
        ProducerRecord<String, byte[]> ours = KafkaRecordCodec.toProducerRecord(EventStreams.KAFKA_TOPIC, event);
        List<Header> oursHeaders = List.of(ours.headers().toArray());
        return Stream.of(
                new Stray("another tool's record", List.of(), utf8("hello from another tool"), RejectReason.NOT_A_CLOUDEVENT),
                new Stray("headers cut after ce_id", List.of(header("ce_specversion", "1.0"), header("ce_id", "cut")),
                        utf8("{\"id\":"), RejectReason.TRUNCATED),
                new Stray("control header with junk", with(oursHeaders, header(RouterHeartbeat.HEADER, "\u0000junk")),
                        ours.value(), RejectReason.BAD_CONTROL_HEADER),
                new Stray("control header without a value",
                        with(oursHeaders, new RecordHeader(RouterHeartbeat.HEADER, (byte[]) null)), ours.value(),
                        RejectReason.BAD_CONTROL_HEADER),
                new Stray("heartbeat that is not JSON", List.of(header(RouterHeartbeat.HEADER, RouterHeartbeat.HEADER_VALUE)),
                        utf8("{not json"), RejectReason.BAD_HEARTBEAT),
                new Stray("huge event", oursHeaders, hugeData(), RejectReason.TOO_LARGE))
                .map(Arguments::of);
    }

    static Stream<Arguments> kinesisStrays() {
        byte[] json = CloudEventJson.write(TestEvents.event("kinesis-stray", "test.stray", "stray/k", "k", Instant.now()));
        byte[] cut = Arrays.copyOf(json, json.length / 2);
        CloudEvent huge = TestEvents.event("kinesis-huge", "test.stray", "stray/k", "k", Instant.now());
        byte[] hugeJson = CloudEventJson.write(new CloudEvent(huge.specversion(), huge.id(), huge.source(), huge.type(),
                huge.time(), huge.subject(), huge.datacontenttype(), huge.dataschema(), huge.extensions(),
                new EventData.Json(TextNode.valueOf("h".repeat(HUGE_BYTES)))));
        return Stream.of(
                new Stray("another tool's record", List.of(), utf8("hello from another tool"), RejectReason.NOT_A_CLOUDEVENT),
                new Stray("structured JSON cut in half", List.of(), cut, RejectReason.TRUNCATED),
                // Kinesis records carry no headers: a control record there is just JSON that is not a CloudEvent
                new Stray("a router heartbeat's body", List.of(), new RouterHeartbeat("r1", null, null)
                        .toRecord(EventStreams.KAFKA_TOPIC).value(), RejectReason.NOT_A_CLOUDEVENT),
                // a router's Kafka lease on Kinesis is told by how its data begins: one that only begins like it
                new Stray("a Kafka-lease look-alike without a router", List.of(),
                        utf8("{\"pipelineControl\":\"kafka-lease\",\"kafkaQuietUntil\":1}"), RejectReason.BAD_HEARTBEAT),
                new Stray("huge event", List.of(), hugeJson, RejectReason.TOO_LARGE))
                .map(Arguments::of);
    }

    @BeforeAll
    void connect() {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 4 * 1024 * 1024);
        producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
        kinesisClient = kinesis.newClient();
    }

    @AfterAll
    void disconnect() {
        producer.close();
        kinesisClient.close();
    }

    @ParameterizedTest(name = "Kafka: {0}")
    @MethodSource("kafkaStrays")
    void aStrayKafkaRecordIsSkippedCountedListedAndTheNextEventDelivered(Stray stray) {
        String next = "after-kafka-" + stray.name().replace(' ', '-');
        try (SseClient partner = open(next)) {
            double before = rejected(SourcedEvent.KAFKA, stray.reason());
            RecordMetadata written = send(new ProducerRecord<>(kafka.topic(), 0, "k", stray.value(), stray.headers()));
            CloudEvent good = TestEvents.event(next, "test.good", next + "/ok", "k", Instant.now());
            ProducerRecord<String, byte[]> record = KafkaRecordCodec.toProducerRecord(kafka.topic(), good);
            send(new ProducerRecord<>(kafka.topic(), written.partition(), record.key(), record.value(), record.headers()));

            await().atMost(WAIT).until(() -> ids(partner).contains(next));
            assertEquals(List.of(next), ids(partner), "only the good event reaches the partner");
            assertEquals(before + 1, rejected(SourcedEvent.KAFKA, stray.reason()), "counted once with its reason");
            assertListed(SourcedEvent.KAFKA, Integer.toString(written.partition()), Long.toString(written.offset()),
                    stray.reason(), stray.value());
        }
    }

    @ParameterizedTest(name = "Kinesis: {0}")
    @MethodSource("kinesisStrays")
    void aStrayKinesisRecordIsSkippedCountedListedAndTheNextEventDelivered(Stray stray) {
        String next = "after-kinesis-" + stray.name().replace(' ', '-');
        try (SseClient partner = open(next)) {
            double before = rejected(SourcedEvent.KINESIS, stray.reason());
            PutRecordResponse written = kinesisClient.putRecord(r -> r.streamName(kinesis.stream()).partitionKey("k")
                    .data(SdkBytes.fromByteArray(stray.value())));
            CloudEvent good = TestEvents.event(next, "test.good", next + "/ok", "k", Instant.now());
            PutRecordResponse goodWritten = kinesisClient.putRecord(r -> r.streamName(kinesis.stream()).partitionKey("k")
                    .data(SdkBytes.fromByteArray(CloudEventJson.write(good))));
            assertEquals(written.shardId(), goodWritten.shardId(), "the good event follows the stray one on its shard");

            await().atMost(WAIT).until(() -> ids(partner).contains(next));
            assertEquals(List.of(next), ids(partner), "only the good event reaches the partner");
            assertEquals(before + 1, rejected(SourcedEvent.KINESIS, stray.reason()), "counted once with its reason");
            assertListed(SourcedEvent.KINESIS, written.shardId(), written.sequenceNumber(), stray.reason(), stray.value());
        }
    }

    @Test
    void theListingRefusesMissingAndWrongTokensWithProblemJson() {
        for (String authorization : List.of("", "Bearer wrong-token", "Bearer " + ALL_KEY, "Basic " + ADMIN_TOKEN)) {
            given().header("Authorization", authorization).when().get(RejectedRecordsResource.PATH)
                    .then().statusCode(401)
                    .header("WWW-Authenticate", containsString("Bearer"))
                    .contentType(Problem.MEDIA_TYPE)
                    .body("type", equalTo(Problem.TYPE_BASE + "unauthorized"));
        }
        given().when().get(RejectedRecordsResource.PATH).then().statusCode(401).contentType(Problem.MEDIA_TYPE);
        given().header("Authorization", "Bearer " + ADMIN_TOKEN).when().get(RejectedRecordsResource.PATH)
                .then().statusCode(200).body("kept", equalTo(1000));
    }

    private void assertListed(String source, String lane, String position, String reason, byte[] content) {
        JsonPath listing = given().header("Authorization", "Bearer " + ADMIN_TOKEN)
                .when().get(RejectedRecordsResource.PATH).then().statusCode(200).extract().jsonPath();
        List<Map<String, Object>> matches = new ArrayList<>();
        for (Map<String, Object> record : listing.<Map<String, Object>>getList("records")) {
            if (source.equals(record.get("source")) && lane.equals(record.get("lane"))
                    && position.equals(record.get("position"))) {
                matches.add(record);
            }
        }
        assertEquals(1, matches.size(), () -> "listed once at " + source + " " + lane + "/" + position + ": "
                + listing.prettify().substring(0, Math.min(2000, listing.prettify().length())));
        Map<String, Object> listed = matches.get(0);
        assertEquals(reason, listed.get("reason"));
        assertTrue(((Number) listed.get("bytes")).longValue() >= content.length, "its size: " + listed.get("bytes"));
        String excerpt = (String) listed.get("excerpt");
        assertTrue(excerpt.length() <= 163 && excerpt.chars().noneMatch(Character::isISOControl),
                "a short printable excerpt: " + excerpt);
        String start = new String(content, 0, Math.min(content.length, 10), StandardCharsets.UTF_8);
        if (start.chars().noneMatch(Character::isISOControl)) {
            assertTrue(excerpt.startsWith(start), "the excerpt shows the record's start: " + excerpt);
        }
        Instant at = Instant.parse((String) listed.get("at"));
        assertTrue(Duration.between(at, Instant.now()).abs().compareTo(WAIT) < 0, "when it was read: " + at);
    }

    private double rejected(String source, String reason) {
        Counter counter = registry.find("delivery.records.rejected").tag("source", source).tag("reason", reason).counter();
        return counter == null ? 0 : counter.count();
    }

    private RecordMetadata send(ProducerRecord<String, byte[]> record) {
        try {
            return producer.send(record).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    private SseClient open(String subjectPrefix) {
        SseClient client = SseClient.connect(URI.create(stream + "?subjectPrefix=" + subjectPrefix + "/"),
                Map.of("Authorization", "Bearer " + ALL_KEY));
        await().atMost(WAIT).until(() -> client.status() != 0);
        assertEquals(200, client.status());
        return client;
    }

    private static List<String> ids(SseClient client) {
        return client.messages().stream().map(m -> CloudEventJson.parse(m.data()).id()).toList();
    }

    private static byte[] hugeData() {
        return utf8("\"" + "h".repeat(HUGE_BYTES) + "\"");
    }

    private static Header header(String key, String value) {
        return new RecordHeader(key, utf8(value));
    }

    private static List<Header> with(List<Header> headers, Header more) {
        List<Header> all = new ArrayList<>(headers);
        all.add(more);
        return all;
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
