package dev.pipeline.delivery;

import static dev.pipeline.delivery.DeliveryTestProfile.ALL_KEY;
import static dev.pipeline.delivery.DeliveryTestProfile.ALPHA_KEY;
import static dev.pipeline.delivery.DeliveryTestProfile.BETA_NEW_KEY;
import static dev.pipeline.delivery.DeliveryTestProfile.BETA_OLD_KEY;
import static dev.pipeline.delivery.DeliveryTestProfile.DASHBOARD;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.TextNode;

import dev.pipeline.delivery.merge.Cursor;
import dev.pipeline.delivery.merge.EventTime;
import dev.pipeline.delivery.merge.SortKey;
import dev.pipeline.delivery.partner.Partner;
import dev.pipeline.envelope.CloudEvent;
import dev.pipeline.envelope.CloudEventJson;
import dev.pipeline.envelope.EventData;
import dev.pipeline.infra.KafkaBroker;
import dev.pipeline.infra.KinesisEmulator;
import dev.pipeline.infra.testing.InjectKafkaBroker;
import dev.pipeline.infra.testing.InjectKinesisEmulator;
import dev.pipeline.infra.testing.KafkaBrokerResource;
import dev.pipeline.infra.testing.KinesisEmulatorResource;
import dev.pipeline.infra.testing.SseClient;
import dev.pipeline.support.problem.Problem;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** Who may read what, and how: credentials, entitlements, audiences, filters, cursors, CORS, framing. */
@QuarkusTest
@TestProfile(DeliveryTestProfile.class)
@WithTestResource(value = KafkaBrokerResource.class, parallel = true)
@WithTestResource(value = KinesisEmulatorResource.class, parallel = true,
        initArgs = @ResourceArg(name = KinesisEmulatorResource.CONFIG_PREFIX, value = "delivery.kinesis"))
class PartnerAccessTest {

    private static final Duration WAIT = Duration.ofSeconds(45);

    @InjectKafkaBroker
    KafkaBroker kafka;

    @InjectKinesisEmulator
    KinesisEmulator kinesis;

    @TestHTTPResource("/v1/stream")
    URI stream;

    @Test
    void partnersReceiveOnlyTheirEntitledAndAddressedEvents() {
        try (SourceWriter sources = new SourceWriter(kafka, kinesis);
             SseClient alpha = open("subjectPrefix=iso/", Map.of("Authorization", "Bearer " + ALPHA_KEY));
             SseClient beta = open("subjectPrefix=iso/&access_token=" + BETA_NEW_KEY, Map.of());
             SseClient betaOldKey = open("subjectPrefix=iso/", Map.of("Authorization", "bearer " + BETA_OLD_KEY))) {
            write(sources, "shared-all", "shared.news", null);
            write(sources, "shared-alpha", "shared.news", "alpha");
            write(sources, "shared-beta", "shared.news", "beta");
            write(sources, "shared-both", "shared.news", "alpha, beta");
            write(sources, "alpha-own", "alpha.orders.created", null);
            write(sources, "beta-own", "beta.orders.created", null);
            write(sources, "beta-to-alpha", "beta.orders.created", "alpha");
            write(sources, "other", "gamma.private", null);
            write(sources, "end", "shared.news", null);
            await().atMost(WAIT).until(() -> ids(alpha).contains("end") && ids(beta).contains("end")
                    && ids(betaOldKey).contains("end"));
            assertEquals(List.of("shared-all", "shared-alpha", "shared-both", "alpha-own", "end"), ids(alpha));
            assertEquals(List.of("shared-all", "shared-beta", "shared-both", "beta-own", "end"), ids(beta));
            assertEquals(ids(beta), ids(betaOldKey), "both keys work during a rotation");
            assertEquals("alpha", CloudEventJson.parse(alpha.messages().get(2).data()).extension(Partner.AUDIENCE),
                    "the audience shows no other partner");
            assertEquals("beta", CloudEventJson.parse(beta.messages().get(2).data()).extension(Partner.AUDIENCE));
        }
    }

    /**
     * Encode once: what a partner receives is the structured event as ingest encoded it and a router stored it, on
     * either stream, byte for byte, except its audience narrowed to the partner; a record a router wrote in Kafka's
     * binary mode before structured mode still arrives, as its canonical encoding.
     */
    @Test
    void thePartnerReceivesTheBytesIngestStoredWithOnlyItsAudienceNarrowed() {
        String fromKinesis = ingested("bytes-kinesis", "alpha, beta");
        String fromKafka = ingested("bytes-kafka", null);
        CloudEvent legacy = CloudEventJson.parse(ingested("bytes-legacy", null)).withExtension("priority", "3");
        try (SourceWriter sources = new SourceWriter(kafka, kinesis);
             SseClient alpha = open("subjectPrefix=bytes/", Map.of("Authorization", "Bearer " + ALPHA_KEY))) {
            sources.toKinesis(CloudEventJson.parseAttributes(fromKinesis.getBytes(StandardCharsets.UTF_8)));
            sources.toKafka(CloudEventJson.parseAttributes(fromKafka.getBytes(StandardCharsets.UTF_8)));
            sources.toKafkaInBinaryMode(legacy);
            await().atMost(WAIT).until(() -> alpha.messages().size() >= 3);
            Map<String, String> received = new java.util.HashMap<>();
            alpha.messages().forEach(m -> received.put(CloudEventJson.parse(m.data()).id(), m.data()));
            assertEquals(fromKinesis.replace("\"audience\":\"alpha, beta\"", "\"audience\":\"alpha\""),
                    received.get("bytes-kinesis"));
            assertEquals(fromKafka, received.get("bytes-kafka"));
            assertEquals(CloudEventJson.writeString(legacy), received.get("bytes-legacy"));
        }
    }

    /**
     * A stored event: one line, an integer extension, a number's trailing zero, non-ASCII text; and, so that any
     * re-encoding on the way shows, not in the form a re-encoding gives (extensions unsorted, a character escaped).
     */
    private static String ingested(String id, String audience) {
        return "{\"specversion\":\"1.0\",\"id\":\"" + id + "\",\"source\":\"/delivery-test\",\"type\":\"shared.news\","
                + "\"subject\":\"bytes/" + id + "\",\"priority\":3,\"note\":\"gr\\u00fc\u00df\","
                + (audience == null ? "" : "\"audience\":\"" + audience + "\",")
                + "\"ingesttime\":\"" + Instant.now() + "\",\"partitionkey\":\"" + id + "\","
                + "\"data\":{\"price\":12.50,\"text\":\"Grüße, 世界\",\"big\":12345678901234567890}}";
    }

    @Test
    void missingOrWrongCredentialsGet401WithoutRevealingPartners() {
        for (String header : List.of("", "Bearer nope", "Basic " + ALPHA_KEY, "Bearer " + ALPHA_KEY + "x")) {
            given().header("Authorization", header).when().get(stream)
                    .then().statusCode(401)
                    .header("WWW-Authenticate", containsString("Bearer"))
                    .contentType(Problem.MEDIA_TYPE)
                    .body("type", equalTo(Problem.TYPE_BASE + "unauthorized"));
        }
        given().queryParam("access_token", "alpha").when().get(stream).then().statusCode(401);
    }

    @Test
    void aFilterOutsideTheEntitlementGets403() {
        for (String type : List.of("beta.*", "*", "gamma.private", "shared.*,beta.orders.created")) {
            given().header("Authorization", "Bearer " + ALPHA_KEY).queryParam("type", type).when().get(stream)
                    .then().statusCode(403).contentType(Problem.MEDIA_TYPE)
                    .body("type", equalTo(Problem.TYPE_BASE + "forbidden-filter"));
        }
        given().header("Authorization", "Bearer " + ALPHA_KEY).queryParam("type", "a*b").when().get(stream)
                .then().statusCode(400).body("type", equalTo(Problem.TYPE_BASE + "invalid-filter"));
        try (SseClient allowed = open("type=alpha.orders.*&type=shared.news", Map.of("Authorization", "Bearer " + ALPHA_KEY))) {
            assertEquals(200, allowed.status());
        }
    }

    @Test
    void futureMalformedOrUnparseableStartsGetAClearError() {
        String unknown = Cursor.encode(new SortKey(EventTime.micros(Instant.now().plusSeconds(3600)), "/delivery-test", "x"));
        given().header("Authorization", "Bearer " + ALL_KEY).header("Last-Event-ID", unknown).when().get(stream)
                .then().statusCode(400).contentType(Problem.MEDIA_TYPE)
                .body("type", equalTo(Problem.TYPE_BASE + "unknown-cursor"));
        given().header("Authorization", "Bearer " + ALL_KEY).queryParam("lastEventId", "czEyMw").when().get(stream)
                .then().statusCode(400).body("type", equalTo(Problem.TYPE_BASE + "invalid-cursor"));
        given().header("Authorization", "Bearer " + ALL_KEY).queryParam("since", "yesterday").when().get(stream)
                .then().statusCode(400).body("type", equalTo(Problem.TYPE_BASE + "invalid-since"));
    }

    @Test
    void controlCharactersInEventsCannotInjectSseFields() {
        CloudEvent evil = new CloudEvent(CloudEvent.SPEC_VERSION, "evil\r\nid: forged", "/delivery-test",
                "test.evil\nevent: injected\n\ndata: x", null, "crlf/\rretry: 1", "text/plain", null,
                Map.of(CloudEvent.INGEST_TIME, Instant.now().toString()),
                new EventData.Json(TextNode.valueOf("line1\r\nid: forged\n\nevent: injected\rdata: \u0000end")));
        try (SourceWriter sources = new SourceWriter(kafka, kinesis);
             SseClient client = open("subjectPrefix=crlf/", Map.of("Authorization", "Bearer " + ALL_KEY))) {
            sources.toKafka(evil);
            sources.toKafka(TestEvents.event("after-evil", "test.event", "crlf/ok", "k", Instant.now()));
            await().atMost(WAIT).until(() -> client.messages().size() >= 2);
            assertEquals(2, client.messages().size(), "one message per event, none injected");
            SseClient.Message message = client.messages().get(0);
            assertEquals(evil, CloudEventJson.parse(message.data()), "data carries the event intact");
            assertFalse(message.event().contains("\n") || message.event().contains("\r"));
            assertTrue(message.event().startsWith("test.evil"));
            assertEquals(Cursor.encode(Cursor.decode(message.id())), message.id(), "the id is a real cursor");
            assertEquals(2000L, client.retry(), "the retry hint was not overwritten");
        }
    }

    @Test
    void browsersOnAllowedOriginsMayConnectAndIdleStreamsGetHeartbeats() {
        given().header("Origin", DASHBOARD).header("Access-Control-Request-Method", "GET")
                .header("Access-Control-Request-Headers", "authorization,last-event-id")
                .when().options(stream).then()
                .header("Access-Control-Allow-Origin", DASHBOARD);
        given().header("Origin", "https://evil.example").header("Access-Control-Request-Method", "GET")
                .when().options(stream).then()
                .header("Access-Control-Allow-Origin", org.hamcrest.Matchers.nullValue());
        try (SseClient idle = open("subjectPrefix=nothing-here/", Map.of("Authorization", "Bearer " + ALL_KEY,
                "Origin", DASHBOARD))) {
            await().atMost(WAIT).until(() -> idle.comments().stream().filter("heartbeat"::equals).count() >= 2);
            assertEquals(2000L, idle.retry());
        }
    }

    @Test
    void readinessAndMetricsDescribeTheSources() {
        await().atMost(WAIT).untilAsserted(() -> given().when().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'kinesis-source' }.data.readable", equalTo(true))
                .body("checks.find { it.name == 'kafka-source' }.data.readable", equalTo(true)));
        given().when().get("/q/metrics").then().statusCode(200)
                .body(containsString("delivery_partners_connected"))
                .body(containsString("delivery_source_lag{source=\"kinesis\",unit=\"ms\"}"))
                .body(containsString("delivery_duplicates_dropped_total"))
                .body(containsString("delivery_events_late_total"));
    }

    private SseClient open(String query, Map<String, String> headers) {
        SseClient client = SseClient.connect(URI.create(stream + "?" + query), headers);
        await().atMost(WAIT).until(() -> client.status() != 0);
        return client;
    }

    private static void write(SourceWriter sources, String id, String type, String audience) {
        sources.toKafka(TestEvents.event(id, type, "iso/" + id, id, Instant.now())
                .withExtension(Partner.AUDIENCE, audience));
    }

    private static List<String> ids(SseClient client) {
        return client.messages().stream().map(m -> CloudEventJson.parse(m.data()).id()).toList();
    }

    @Test
    void theStatusPageShowsDeliveryFiguresAndLinksToTheRouters() {
        given().when().get("/status.html").then().statusCode(200)
                .body(org.hamcrest.Matchers.containsString(":8081/status.html"))
                .body(org.hamcrest.Matchers.containsString("fetch('/q/metrics')"));
        given().when().get("/q/metrics").then().statusCode(200)
                .body(org.hamcrest.Matchers.containsString("delivery_partners_connected"));
    }
}
