package dev.pipeline.delivery;

import static dev.pipeline.delivery.DeliveryTestProfile.ALL_KEY;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.function.Predicate;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.pipeline.delivery.config.DeliveryConfig;
import dev.pipeline.delivery.merge.Cursor;
import dev.pipeline.delivery.merge.SortKey;
import dev.pipeline.delivery.sse.StreamHandler;
import dev.pipeline.envelope.CloudEvent;
import dev.pipeline.envelope.CloudEventJson;
import dev.pipeline.envelope.KafkaRecordCodec;
import dev.pipeline.infra.KafkaBroker;
import dev.pipeline.infra.KinesisEmulator;
import dev.pipeline.infra.testing.InjectKafkaBroker;
import dev.pipeline.infra.testing.InjectKinesisEmulator;
import dev.pipeline.infra.testing.KafkaBrokerResource;
import dev.pipeline.infra.testing.KinesisEmulatorResource;
import dev.pipeline.infra.testing.SseClient;
import dev.pipeline.support.problem.Problem;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.smallrye.common.annotation.Identifier;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import jakarta.inject.Inject;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * Partners resuming from further back than a replica's in-memory tail (20 events here) are served exactly by
 * catch-up reads of the real broker and emulator, on any replica, and handed over to the live feed.
 */
@QuarkusTest
@TestProfile(CatchUpTestProfile.class)
@WithTestResource(value = KafkaBrokerResource.class, parallel = true)
@WithTestResource(value = KinesisEmulatorResource.class, parallel = true,
        initArgs = @ResourceArg(name = KinesisEmulatorResource.CONFIG_PREFIX, value = "delivery.kinesis"))
class CatchUpTest {

    private static final Duration WAIT = Duration.ofSeconds(120);

    @InjectKafkaBroker
    KafkaBroker kafka;

    @InjectKinesisEmulator
    KinesisEmulator kinesis;

    @Inject
    DeliveryConfig config;

    @Inject
    @Identifier("default-kafka-broker")
    Map<String, Object> kafkaSettings;

    @Inject
    KinesisClient kinesisClient;

    @Inject
    Vertx vertx;

    @Inject
    Replica application;

    @TestHTTPResource("/v1/stream")
    URI stream;

    private SourceWriter sources;

    @BeforeEach
    void connectSources() {
        sources = new SourceWriter(kafka, kinesis);
    }

    @AfterEach
    void closeSources() {
        sources.close();
    }

    @Test
    void aPartnerAwayForFiftyTimesTheInMemoryTailResumesExactlyOnAnyReplicaEvenJustRestarted() throws Exception {
        Instant start = Instant.now();
        List<CloudEvent> written = writeMixed("away", 50 * CatchUpTestProfile.HISTORY_EVENTS);
        List<SseClient.Message> firstPart;
        try (SseClient first = connect(stream, "subjectPrefix=away/&since=" + encode(start), Map.of())) {
            await().atMost(WAIT).until(() -> first.messages().size() >= written.size());
            assertExactly(written, events(first.messages()), "since= older than the in-memory tail");
            firstPart = List.copyOf(first.messages().subList(0, 20));
        }
        String cursor = firstPart.get(19).id();
        List<CloudEvent> rest = without(written, events(firstPart));
        assertResumes(stream, "subjectPrefix=away/", cursor, rest);

        try (Replica second = new Replica(config, kafkaSettings, kinesisClient, Clock.systemUTC(), new SimpleMeterRegistry())) {
            second.start();
            HttpServer server = serve(second);
            try {
                await().atMost(WAIT).until(second::ready);
                assertResumes(at(server), "subjectPrefix=away/", cursor, rest);
            } finally {
                server.close().toCompletionStage().toCompletableFuture().get();
            }
        }
        try (Replica restarted = new Replica(config, kafkaSettings, kinesisClient, Clock.systemUTC(), new SimpleMeterRegistry())) {
            restarted.start();
            HttpServer server = serve(restarted);
            try {
                assertResumes(at(server), "subjectPrefix=away/", cursor, rest); // not waiting until it is ready
            } finally {
                server.close().toCompletionStage().toCompletableFuture().get();
            }
        }
    }

    @Test
    void aSparsePartnerKeepsACursorThatMovesOverWhatItsFilterSkips() {
        CloudEvent firstMatch = TestEvents.event("sparse-match-1", "sparse.match", "sparse/m", "sparse-m", Instant.now());
        String lastEventId;
        try (SseClient partner = connect(stream, "type=sparse.match", Map.of())) {
            writeNoise("sparse-a", 300);
            sources.toKafka(firstMatch);
            writeNoise("sparse-b", 700);
            await().atMost(WAIT).until(() -> partner.messages().size() >= 1);
            String matchId = partner.messages().get(0).id();
            await().atMost(WAIT).until(() -> partner.lastEventId() != null && !partner.lastEventId().equals(matchId)
                    && Cursor.decode(partner.lastEventId()).compareTo(Cursor.decode(matchId)) > 0);
            assertEquals(1, partner.messages().size(), "id-only messages dispatch no event");
            lastEventId = partner.lastEventId();
        }
        writeNoise("sparse-c", 200);
        CloudEvent secondMatch = TestEvents.event("sparse-match-2", "sparse.match", "sparse/m", "sparse-m", Instant.now());
        sources.toKafka(secondMatch);
        writeNoise("sparse-d", 100);
        try (SseClient resumed = connect(stream, "type=sparse.match", Map.of("Last-Event-ID", lastEventId))) {
            await().atMost(WAIT).until(() -> resumed.messages().size() >= 1);
            CloudEvent marker = TestEvents.event("sparse-match-3", "sparse.match", "sparse/m", "sparse-m", Instant.now());
            sources.toKafka(marker);
            await().atMost(WAIT).until(() -> resumed.messages().size() >= 2);
            assertEquals(List.of(secondMatch, marker), events(resumed.messages()));
        }
    }

    @Test
    void sinceBeyondTheStreamsRetentionIsGoneAndTheProblemNamesTheOldestPoint() throws Exception {
        ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, kafka.topic());
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            admin.incrementalAlterConfigs(Map.of(topic, List.of(new AlterConfigOp(
                    new ConfigEntry(TopicConfig.RETENTION_MS_CONFIG, "3600000"), AlterConfigOp.OpType.SET)))).all().get();
            try {
                Instant asked = Instant.now();
                String oldest = RestAssured.given().header("Authorization", "Bearer " + ALL_KEY)
                        .queryParam("since", asked.minus(Duration.ofHours(2)).toString())
                        .when().get(stream)
                        .then().statusCode(410).contentType(Problem.MEDIA_TYPE)
                        .extract().path("oldest");
                Instant named = Instant.parse(oldest);
                assertTrue(!named.isBefore(asked.minus(Duration.ofHours(1)))
                        && named.isBefore(Instant.now().minus(Duration.ofHours(1)).plus(Duration.ofMinutes(1))),
                        "an hour of Kafka retention, less than Kinesis' day: " + named);
            } finally {
                admin.incrementalAlterConfigs(Map.of(topic, List.of(new AlterConfigOp(
                        new ConfigEntry(TopicConfig.RETENTION_MS_CONFIG, ""), AlterConfigOp.OpType.DELETE)))).all().get();
            }
        }
    }

    @Test
    void eitherCopyOfADuplicateIsACursorThatResumesRightOnEveryReplica() throws Exception {
        Instant start = Instant.now();
        CloudEvent twice = TestEvents.event("dup-x", "test.event", "dup/k", "dup", Instant.now());
        sources.toKinesis(twice);
        Instant stored = Instant.now();
        await().atMost(WAIT).until(() -> Instant.now().isAfter(stored.plusMillis(2))); // the Kafka copy sorts later
        sources.toKafka(twice);
        List<CloudEvent> later = List.of(
                TestEvents.event("dup-y", "test.event", "dup/k", "dup", Instant.now()),
                TestEvents.event("dup-z", "test.event", "dup/k", "dup", Instant.now()));
        later.forEach(sources::toKafka);
        String keptCopy;
        try (SseClient first = connect(stream, "subjectPrefix=dup/&since=" + encode(start), Map.of())) {
            await().atMost(WAIT).until(() -> first.messages().size() >= 3);
            assertEquals(List.of(twice, later.get(0), later.get(1)), events(first.messages()));
            keptCopy = first.messages().get(0).id();
        }
        assertTrue(Cursor.decode(keptCopy).lane().startsWith("kinesis/"), "the copy stored first is kept");
        String otherCopy = Cursor.encode(kafkaKeyOf("dup-x"));
        try (Replica second = new Replica(config, kafkaSettings, kinesisClient, Clock.systemUTC(), new SimpleMeterRegistry())) {
            second.start();
            HttpServer server = serve(second);
            try {
                await().atMost(WAIT).until(second::ready);
                for (URI replica : List.of(stream, at(server))) {
                    for (String cursor : List.of(keptCopy, otherCopy)) {
                        assertResumes(replica, "subjectPrefix=dup/", cursor, later);
                    }
                }
            } finally {
                server.close().toCompletionStage().toCompletableFuture().get();
            }
        }
    }

    @Test
    void manyLargeEventsStayWithinTheByteBudgetAndKeepFlowing() {
        String padding = "p".repeat(200_000);
        try (SseClient partner = connect(stream, "subjectPrefix=big/", Map.of())) {
            List<CloudEvent> written = new ArrayList<>();
            for (int i = 0; i < 40; i++) { // 8 MB through a 4 MiB in-memory tail, each acknowledged before the next
                CloudEvent event = TestEvents.event("big-" + i, "test.event", "big/k", "big-" + i % 3, Instant.now())
                        .withExtension("padding", padding);
                sources.toKafka(event);
                written.add(event);
            }
            await().atMost(WAIT).until(() -> partner.messages().size() >= written.size());
            assertExactly(written, events(partner.messages()), "every large event");
            long retained = application.merger().log().retainedBytes();
            assertTrue(retained <= CatchUpTestProfile.HISTORY_BYTES, "the in-memory tail stays within its budget: " + retained);
        }
    }

    @Test
    void twoHundredPartnersResumingFromNearlyTheSameCursorShareOneCatchUpAndAllGetExactlyTheRest() {
        Instant start = Instant.now();
        List<CloudEvent> written = writeMixed("crowd", 300);
        List<SseClient.Message> firstPart;
        try (SseClient first = connect(stream, "subjectPrefix=crowd/&since=" + encode(start), Map.of())) {
            await().atMost(WAIT).until(() -> first.messages().size() >= written.size());
            firstPart = List.copyOf(first.messages().subList(0, 20));
        }
        List<SseClient> partners = new ArrayList<>();
        long readsBefore = application.catchUps().started();
        try {
            for (int i = 0; i < 200; i++) {
                String cursor = firstPart.get(i % 20).id();
                partners.add(SseClient.connect(URI.create(stream + "?subjectPrefix=crowd/"),
                        Map.of("Authorization", "Bearer " + ALL_KEY, "Last-Event-ID", cursor)));
            }
            await().atMost(WAIT).until(() -> partners.stream().allMatch(partner -> partner.status() == 200));
            long started = application.catchUps().started() - readsBefore;
            assertTrue(started <= 1, "200 partners share catch-up reads, started " + started);
            for (int i = 0; i < partners.size(); i++) {
                SseClient partner = partners.get(i);
                List<CloudEvent> rest = without(written, events(firstPart.subList(0, i % 20 + 1)));
                await().atMost(WAIT).until(() -> partner.messages().size() >= rest.size());
                assertEquals(rest.size(), partner.messages().size(), "partner " + i + " got no duplicate");
                assertExactly(rest, events(partner.messages()), "partner " + i);
            }
        } finally {
            partners.forEach(SseClient::close);
        }
    }

    /** Resumes after {@code cursor} and checks that exactly {@code rest} arrives, in per-key order. */
    private void assertResumes(URI replica, String query, String cursor, List<CloudEvent> rest) {
        try (SseClient resumed = connect(replica, query, Map.of("Last-Event-ID", cursor))) {
            await().atMost(WAIT).until(() -> resumed.messages().size() >= rest.size());
            CloudEvent marker = TestEvents.event("marker-" + System.nanoTime(), "test.event",
                    rest.get(0).subject(), "marker", Instant.now());
            sources.toKafka(marker); // everything before it arrived once it did: no late duplicate slips by
            await().atMost(WAIT).until(() -> events(resumed.messages()).contains(marker));
            List<CloudEvent> received = events(resumed.messages()).stream()
                    .filter(event -> !event.id().startsWith("marker-")).toList();
            assertExactly(rest, received, "resumed on " + replica);
        }
    }

    /** The same events, each once, and per partition key in the order written. */
    private static void assertExactly(List<CloudEvent> expected, List<CloudEvent> received, String what) {
        assertEquals(expected.size(), received.size(), what + ": count");
        assertEquals(new LinkedHashSet<>(ids(expected)), new LinkedHashSet<>(ids(received)), what + ": events");
        for (String key : expected.stream().map(CloudEvent::partitionKey).distinct().toList()) {
            Predicate<CloudEvent> ofKey = event -> event.partitionKey().equals(key);
            assertEquals(ids(expected.stream().filter(ofKey).toList()), ids(received.stream().filter(ofKey).toList()),
                    what + ": order of key " + key);
        }
    }

    /** Every tenth event to Kinesis (keys of their own), the others to Kafka, each key written in order. */
    private List<CloudEvent> writeMixed(String prefix, int count) {
        List<CloudEvent> written = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            boolean viaKinesis = i % 10 == 0;
            String key = prefix + (viaKinesis ? "-kinesis-" + i % 2 : "-kafka-" + i % 5);
            CloudEvent event = TestEvents.event(prefix + "-" + i, "test.event", prefix + "/" + key, key, Instant.now());
            if (viaKinesis) {
                sources.toKinesis(event);
            } else {
                sources.toKafkaAsync(event);
            }
            written.add(event);
        }
        sources.flush();
        return written;
    }

    private void writeNoise(String prefix, int count) {
        for (int i = 0; i < count; i++) {
            sources.toKafkaAsync(TestEvents.event(prefix + "-" + i, "sparse.noise", "sparse/n", "sparse-n", Instant.now()));
        }
        sources.flush();
    }

    /** Where Kafka stored the copy of an event: its sort key. */
    private SortKey kafkaKeyOf(String id) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "catch-up-test-" + System.nanoTime());
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(kafka.topic()));
            Map<String, SortKey> found = new HashMap<>();
            await().atMost(WAIT).until(() -> {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    try {
                        if (KafkaRecordCodec.fromRecord(record).id().equals(id)) {
                            found.put(id, new SortKey(record.timestamp() * 1000, "kafka/" + record.partition(),
                                    Long.toString(record.offset())));
                        }
                    } catch (RuntimeException notAnEvent) {
                        // heartbeats and other records
                    }
                }
                return found.containsKey(id);
            });
            return found.get(id);
        }
    }

    private SseClient connect(URI uri, String query, Map<String, String> headers) {
        Map<String, String> all = new HashMap<>(headers);
        all.put("Authorization", "Bearer " + ALL_KEY);
        SseClient client = SseClient.connect(URI.create(uri + "?" + query), all);
        await().atMost(WAIT).until(() -> client.status() != 0);
        assertEquals(200, client.status());
        return client;
    }

    private HttpServer serve(Replica replica) throws Exception {
        Router router = Router.router(vertx);
        router.get(StreamHandler.PATH).handler(replica.handler());
        return vertx.createHttpServer().requestHandler(router).listen(0).toCompletionStage().toCompletableFuture().get();
    }

    private static URI at(HttpServer server) {
        return URI.create("http://localhost:" + server.actualPort() + StreamHandler.PATH);
    }

    private static String encode(Instant time) {
        return URLEncoder.encode(time.toString(), StandardCharsets.UTF_8);
    }

    private static List<CloudEvent> events(List<SseClient.Message> messages) {
        return messages.stream().map(m -> CloudEventJson.parse(m.data())).toList();
    }

    private static List<CloudEvent> without(List<CloudEvent> all, List<CloudEvent> some) {
        Set<String> skip = Set.copyOf(ids(some));
        return all.stream().filter(event -> !skip.contains(event.id())).toList();
    }

    private static List<String> ids(List<CloudEvent> events) {
        return events.stream().map(CloudEvent::id).toList();
    }
}
