package dev.pipeline.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import dev.pipeline.envelope.CloudEvent;
import dev.pipeline.envelope.CloudEventJson;
import dev.pipeline.envelope.EventStreams;
import dev.pipeline.envelope.KafkaRecordCodec;
import dev.pipeline.envelope.KinesisHeartbeat;
import dev.pipeline.envelope.RouterHeartbeat;
import dev.pipeline.infra.testing.SseClient;
import dev.pipeline.ingest.sdk.SdkProducer;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

/**
 * Events from a producer to a partner through all three services, via Kinesis and via Kafka, with every attribute
 * intact (non-ASCII text, binary data, extensions), and from the official CloudEvents Java SDK in all three modes.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EndToEndIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static RunningPipeline pipeline;
    private static SseClient partner;

    @BeforeAll
    static void start() {
        pipeline = RunningPipeline.start(Map.of());
        partner = SseClient.connect(pipeline.delivery("/v1/stream"),
                Map.of("Authorization", "Bearer " + RunningPipeline.PARTNER_TOKEN));
    }

    @AfterAll
    static void stop() {
        if (partner != null) {
            partner.close();
        }
        if (pipeline != null) {
            pipeline.close();
        }
    }

    @Test
    @Order(1)
    void viaKinesis() throws Exception {
        List<String> ids = travel("kinesis", "{\"greeting\":\"Grüße aus Köln — 東京 ✓\",\"n\":1.50}", "AAEC/f7/gICAiQ==");
        assertTrue(kinesisIds().containsAll(ids), "written to Kinesis");
    }

    @Test
    @Order(2)
    void viaKafka() throws Exception {
        List<String> ids = travel("kafka", "{\"greeting\":\"¡Hola, señor! Привет\"}", "/+7dzLuqmYh3ZlVEMyIRAA==");
        assertTrue(kafkaIds().containsAll(ids), "written to Kafka");
    }

    /** Routes to one sink, sends a JSON and a binary event, checks both arrive intact; returns their ids. */
    private static List<String> travel(String sink, String json, String base64) throws Exception {
        route(sink);
        CloudEvent text = event(json, null);
        CloudEvent binary = event(null, base64);
        send(text);
        send(binary);
        assertDeliveredIntact(text);
        assertDeliveredIntact(binary);
        return List.of(text.id(), binary.id());
    }

    @Test
    @Order(3)
    void officialCloudEventsJavaSdkInAllThreeModes() throws Exception {
        route("auto");
        SdkProducer producer = new SdkProducer(pipeline.ingest("/"), RunningPipeline.PRODUCER_KEY);
        io.cloudevents.CloudEvent structured = sdkEvent("{\"mode\":\"structured\",\"text\":\"Zürich\"}");
        io.cloudevents.CloudEvent binary = sdkEvent("{\"mode\":\"binary\"}");
        io.cloudevents.CloudEvent batchFirst = sdkEvent("{\"mode\":\"batch\",\"n\":1}");
        io.cloudevents.CloudEvent batchSecond = sdkEvent("{\"mode\":\"batch\",\"n\":2}");

        await().atMost(Duration.ofSeconds(60)).until(() -> producer.structured(structured).statusCode() == 202);
        await().atMost(Duration.ofSeconds(60)).until(() -> producer.binary(binary).statusCode() == 202);
        await().atMost(Duration.ofSeconds(60)).until(() -> producer.batch(List.of(batchFirst, batchSecond)).statusCode() == 202);

        for (io.cloudevents.CloudEvent sent : List.of(structured, binary, batchFirst, batchSecond)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> find(sent.getId()).isPresent());
            CloudEvent received = CloudEventJson.parse(find(sent.getId()).orElseThrow().data());
            assertEquals(sent.getSource().toString(), received.source());
            assertEquals(sent.getType(), received.type());
            assertEquals(sent.getSubject(), received.subject());
            assertEquals("gold", received.extension("tier"));
            assertEquals(new String(sent.getData().toBytes(), java.nio.charset.StandardCharsets.UTF_8),
                    new String(dev.pipeline.envelope.DataCodec.toBytes(received), java.nio.charset.StandardCharsets.UTF_8));
        }
    }

    private static io.cloudevents.CloudEvent sdkEvent(String json) {
        return io.cloudevents.core.builder.CloudEventBuilder.v1().withId(UUID.randomUUID().toString())
                .withSource(java.net.URI.create("urn:e2e:sdk")).withType("com.example.sdk").withSubject("sdk-key")
                .withExtension("tier", "gold").withDataContentType("application/json")
                .withData(json.getBytes(java.nio.charset.StandardCharsets.UTF_8)).build();
    }

    /** Pins writes to one sink through the operator API, as an operator would. */
    private static void route(String mode) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(pipeline.router("/v1/routing/override"))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + RunningPipeline.ADMIN_TOKEN)
                .PUT(HttpRequest.BodyPublishers.ofString("{\"mode\":\"" + mode + "\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
    }

    private static CloudEvent event(String json, String base64) {
        String id = UUID.randomUUID().toString();
        String payload = json != null
                ? "\"datacontenttype\":\"application/json\",\"data\":" + json
                : "\"datacontenttype\":\"application/octet-stream\",\"data_base64\":\"" + base64 + "\"";
        return CloudEventJson.parse("{\"specversion\":\"1.0\",\"id\":\"" + id + "\",\"source\":\"/e2e/producer\","
                + "\"type\":\"com.example.e2e\",\"subject\":\"order-42\",\"time\":\"2026-11-25T10:00:00.5Z\","
                + "\"dataschema\":\"https://example.com/schema\",\"region\":\"eu-west-1\"," + payload + "}");
    }

    /** Sends as a producer must: a 503 means "not stored, send again" (the emulator can be slow on a busy machine). */
    private static void send(CloudEvent event) {
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(pipeline.ingest("/v1/events"))
                    .header("Content-Type", CloudEventJson.MEDIA_TYPE)
                    .header("Authorization", "Bearer " + RunningPipeline.PRODUCER_KEY)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(CloudEventJson.write(event)))
                    .build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 202 && response.statusCode() != 503) {
                throw new AssertionError("unexpected " + response.statusCode() + ": " + response.body());
            }
            return response.statusCode() == 202;
        });
    }

    /** The partner got the event once, every attribute as sent, plus ingest's enrichment. */
    private static void assertDeliveredIntact(CloudEvent sent) {
        await().atMost(Duration.ofSeconds(30)).until(() -> find(sent.id()).isPresent());
        SseClient.Message message = find(sent.id()).orElseThrow();
        CloudEvent received = CloudEventJson.parse(message.data());
        assertEquals(sent.type(), message.event());
        CloudEvent withoutEnrichment = received.withExtension(CloudEvent.INGEST_TIME, null)
                .withExtension(CloudEvent.PARTITION_KEY, null);
        assertEquals(sent, withoutEnrichment);
        assertEquals("order-42", received.extension(CloudEvent.PARTITION_KEY));
        assertEquals(1, partner.messages().stream().filter(m -> CloudEventJson.parse(m.data()).id().equals(sent.id())).count());
    }

    private static Optional<SseClient.Message> find(String id) {
        return partner.messages().stream().filter(m -> CloudEventJson.parse(m.data()).id().equals(id)).findFirst();
    }

    private static List<String> kinesisIds() {
        List<String> ids = new ArrayList<>();
        try (KinesisClient client = pipeline.kinesis().newClient()) {
            for (Shard shard : client.listShards(r -> r.streamName(EventStreams.KINESIS_STREAM)).shards()) {
                String iterator = client.getShardIterator(r -> r.streamName(EventStreams.KINESIS_STREAM)
                        .shardId(shard.shardId()).shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
                client.getRecords(r -> r.shardIterator(iterator)).records().stream()
                        .filter(record -> !KinesisHeartbeat.isHeartbeat(record.data().asByteArray()))
                        .forEach(record -> ids.add(CloudEventJson.parse(record.data().asByteArray()).id()));
            }
        }
        return ids;
    }

    private static List<String> kafkaIds() {
        Properties settings = new Properties();
        settings.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, pipeline.infra().kafka().bootstrapServers());
        settings.put(ConsumerConfig.GROUP_ID_CONFIG, "e2e-check-" + UUID.randomUUID());
        settings.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<String> ids = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(settings, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(EventStreams.KAFKA_TOPIC));
            await().atMost(Duration.ofSeconds(20)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(record -> {
                    if (!RouterHeartbeat.isHeartbeat(record.headers())) {
                        ids.add(KafkaRecordCodec.fromRecord(record).id());
                    }
                });
                return ids.size() >= 2;
            });
        }
        return ids;
    }
}
