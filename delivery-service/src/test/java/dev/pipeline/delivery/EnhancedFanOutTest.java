package dev.pipeline.delivery;

import static dev.pipeline.delivery.DeliveryTestProfile.ALL_KEY;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.pipeline.envelope.CloudEvent;
import dev.pipeline.envelope.CloudEventJson;
import dev.pipeline.infra.KafkaBroker;
import dev.pipeline.infra.KinesisEmulator;
import dev.pipeline.infra.testing.InjectKafkaBroker;
import dev.pipeline.infra.testing.InjectKinesisEmulator;
import dev.pipeline.infra.testing.KafkaBrokerResource;
import dev.pipeline.infra.testing.KinesisEmulatorResource;
import dev.pipeline.infra.testing.SseClient;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.ConsumerStatus;

/**
 * The application with enhanced fan-out on: its live feed is pushed by Kinesis under its own consumer, while a partner
 * resuming from before the in-memory tail is still served by a catch-up read, which polls within its budget.
 */
@QuarkusTest
@TestProfile(EnhancedFanOutTestProfile.class)
@WithTestResource(value = KafkaBrokerResource.class, parallel = true)
@WithTestResource(value = KinesisEmulatorResource.class, parallel = true,
        initArgs = @ResourceArg(name = KinesisEmulatorResource.CONFIG_PREFIX, value = "delivery.kinesis"))
class EnhancedFanOutTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @InjectKafkaBroker
    KafkaBroker kafka;

    @InjectKinesisEmulator
    KinesisEmulator kinesis;

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
    void theLiveFeedIsPushedAndAResumeFromBeforeTheTailIsCaughtUpFromTheStreams() {
        // the first push comes a while after the subscription starts (the emulator pushes once a second): until then
        // the source is not read yet, and past the test profile's short startup timeout the feed would go on without it
        await().atMost(WAIT).until(() -> application.kinesisStatus().caughtUpAt().isPresent());
        Instant start = Instant.now();
        List<CloudEvent> written = new ArrayList<>();
        try (SseClient live = connect("subjectPrefix=push/")) {
            for (int i = 0; i < 3 * CatchUpTestProfile.HISTORY_EVENTS; i++) {
                String key = "push-" + i % 3;
                CloudEvent event = TestEvents.event("push-" + i, "test.event", "push/" + key, key, Instant.now());
                if (i % 2 == 0) {
                    sources.toKinesis(event);
                } else {
                    sources.toKafka(event);
                }
                written.add(event);
            }
            await().atMost(WAIT).until(() -> live.messages().size() >= written.size());
            assertEquals(ids(written), ids(events(live.messages())), "the live feed, in order");
        }
        assertTrue(application.kinesisPushing(), "the live feed reads Kinesis through enhanced fan-out");
        System.gc(); // the gauge must outlive a collection (a weakly held state object would read NaN)
        RestAssured.get("/q/metrics").then().statusCode(200)
                .body(containsString("delivery_kinesis_enhanced_fan_out 1.0"));
        try (KinesisClient admin = kinesis.newClient()) {
            String streamArn = admin.describeStreamSummary(r -> r.streamName(kinesis.stream()))
                    .streamDescriptionSummary().streamARN();
            assertEquals(ConsumerStatus.ACTIVE, admin.describeStreamConsumer(r -> r.streamARN(streamArn)
                    .consumerName(EnhancedFanOutTestProfile.CONSUMER)).consumerDescription().consumerStatus());
        }
        try (SseClient resumed = connect("subjectPrefix=push/&since="
                + URLEncoder.encode(start.toString(), StandardCharsets.UTF_8))) {
            await().atMost(WAIT).until(() -> resumed.messages().size() >= written.size());
            assertEquals(ids(written), ids(events(resumed.messages())), "since= older than the in-memory tail");
        }
    }

    private SseClient connect(String query) {
        SseClient client = SseClient.connect(URI.create(stream + "?" + query), Map.of("Authorization", "Bearer " + ALL_KEY));
        await().atMost(WAIT).until(() -> client.status() != 0);
        assertEquals(200, client.status());
        return client;
    }

    private static List<String> ids(List<CloudEvent> events) {
        return events.stream().map(CloudEvent::id).toList();
    }

    private static List<CloudEvent> events(List<SseClient.Message> messages) {
        return messages.stream().map(m -> CloudEventJson.parse(m.data())).toList();
    }
}
