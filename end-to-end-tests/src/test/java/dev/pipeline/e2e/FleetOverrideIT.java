package dev.pipeline.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.pipeline.envelope.ControlTopic;

/**
 * The fleet-wide override across router processes on the real broker: an override through one router reaches the
 * other within 2 s; a router started afterwards answers its very first request with it; a restarted router keeps it;
 * the audit trail, read through any router, lists each change with its reason; the fleet view names every router and
 * the delivery replica.
 */
class FleetOverrideIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Records of other keys written to the control topic ahead of the override. */
    private static final int FILLER_RECORDS = 20_000;
    /** A delivery "replica" written after the filler. */
    private static final String SENTINEL = "read-past-the-filler";
    /** A busy machine reads that many records slowly: the catch-up may take longer than its default bound here. */
    private static final Map<String, String> SLOW_CATCH_UP = Map.of("router.control.catch-up-timeout", "60s");

    private static RunningPipeline pipeline;

    @BeforeAll
    static void start() {
        pipeline = RunningPipeline.start(Map.of());
    }

    @AfterAll
    static void stop() {
        if (pipeline != null) {
            pipeline.close();
        }
    }

    @Test
    void oneOverrideMovesEveryRouterIncludingOnesStartedLater() throws Exception {
        try (RunningPipeline.ExtraRouter second = pipeline.startRouter("router-b", SLOW_CATCH_UP)) {
            second.awaitReady();
            assertEquals("auto", routing(pipeline.router("")).path("mode").asText());

            // a long control topic ahead of the override, so a starting router needs a while to read up to it
            fillControlTopic(FILLER_RECORDS);
            for (URI router : List.of(pipeline.router(""), second.uri(""))) {
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(() ->
                        routing(router).path("fleet").path("deliveries").toString().contains(SENTINEL));
            }

            // through the second router; the first one follows within 2 s
            JsonNode changed = override(second.uri(""), "kafka", "kinesis PutRecords p99 above 2 s");
            Instant sent = Instant.now();
            assertEquals("kafka", changed.path("mode").asText());
            await().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(50))
                    .until(() -> "kafka".equals(routing(pipeline.router("")).path("target").asText()));
            long reachedMs = Duration.between(sent, Instant.now()).toMillis();
            assertTrue(reachedMs <= 2000, "reached the other router after " + reachedMs + " ms");
            assertEquals("kafka", routing(pipeline.router("")).path("mode").asText());

            // a third router started afterwards serves its very first request with the override in force
            try (RunningPipeline.ExtraRouter third = pipeline.startRouter("router-c", SLOW_CATCH_UP)) {
                JsonNode first = firstAnswer(third);
                assertEquals("kafka", first.path("mode").asText(), "first answer of the new router: " + first);
                assertEquals("kinesis PutRecords p99 above 2 s", first.path("override").path("reason").asText());
                third.awaitReady();

                // a restarted router keeps it
                second.stop();
                second.start();
                JsonNode afterRestart = firstAnswer(second);
                assertEquals("kafka", afterRestart.path("mode").asText(), "first answer after restart: " + afterRestart);

                // back to auto through the first router; every router follows
                override(pipeline.router(""), "auto", "Kinesis healthy again");
                for (URI router : List.of(second.uri(""), third.uri(""))) {
                    await().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(50))
                            .until(() -> "auto".equals(routing(router).path("mode").asText()));
                }

                // the audit trail, through the router that took neither change, lists both with their reasons
                JsonNode audit = get(third.uri("/v1/routing/audit"));
                List<String> reasons = new ArrayList<>();
                audit.forEach(entry -> reasons.add(entry.path("reason").asText()));
                assertEquals(List.of("Kinesis healthy again", "kinesis PutRecords p99 above 2 s"), reasons);
                JsonNode newest = audit.get(0);
                assertEquals("kafka", newest.path("before").asText());
                assertEquals("auto", newest.path("after").asText());
                assertFalse(newest.path("token").asText().isBlank());
                assertFalse(audit.toString().contains(RunningPipeline.ADMIN_TOKEN), "never the token itself");
                assertTrue(newest.path("address").asText().contains("127.0.0.1"), newest.toString());

                // the fleet view names the three routers and the delivery replica
                String thirdId = routing(third.uri("")).path("router").asText();
                String firstId = routing(pipeline.router("")).path("router").asText();
                String secondId = routing(second.uri("")).path("router").asText();
                await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                    JsonNode fleet = routing(pipeline.router("")).path("fleet");
                    List<String> fresh = new ArrayList<>();
                    fleet.path("routers").forEach(router -> {
                        if (!router.path("stale").asBoolean()) {
                            fresh.add(router.path("router").asText());
                        }
                    });
                    assertTrue(fresh.containsAll(List.of(firstId, secondId, thirdId)), fleet.toString());
                    List<JsonNode> deliveries = new ArrayList<>();
                    fleet.path("deliveries").forEach(delivery -> {
                        if (delivery.has("partnersConnected")) {
                            deliveries.add(delivery);
                        }
                    });
                    assertEquals(1, deliveries.size(), fleet.toString());
                });
            }
        }
    }

    /** Writes {@code count} records of keys no replica reads (compaction keeps each) to the control topic. */
    private static void fillControlTopic(int count) throws Exception {
        String padding = "x".repeat(200);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.<String, Object>of(
                "bootstrap.servers", pipeline.infra().kafka().bootstrapServers(), "linger.ms", 20),
                new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < count; i++) {
                producer.send(new ProducerRecord<>(ControlTopic.NAME, "filler:" + i, padding));
            }
            // a last record the running routers show once they have read past the filler
            producer.send(new ProducerRecord<>(ControlTopic.NAME, ControlTopic.DELIVERY_PREFIX + SENTINEL,
                    "{\"replica\":\"" + SENTINEL + "\"}"));
            producer.flush();
        }
    }

    /** Polls a starting router until it answers GET /v1/routing, and returns that first answer. */
    private static JsonNode firstAnswer(RunningPipeline.ExtraRouter router) {
        AtomicReference<JsonNode> first = new AtomicReference<>();
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(20)).until(() -> {
            if (!router.isAlive()) {
                throw new IllegalStateException("router exited");
            }
            try {
                HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(router.uri("/v1/routing"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    first.set(JSON.readTree(response.body()));
                    return true;
                }
            } catch (IOException e) {
                // not listening yet
            }
            return false;
        });
        return first.get();
    }

    private static JsonNode override(URI router, String mode, String reason) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(router.resolve("/v1/routing/override"))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + RunningPipeline.ADMIN_TOKEN)
                .PUT(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(Map.of("mode", mode,
                        "force", true, "reason", reason))))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        return JSON.readTree(response.body());
    }

    private static JsonNode routing(URI router) throws Exception {
        return get(router.resolve("/v1/routing"));
    }

    private static JsonNode get(URI uri) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        return JSON.readTree(response.body());
    }
}
