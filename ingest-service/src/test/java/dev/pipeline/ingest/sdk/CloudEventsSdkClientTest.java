package dev.pipeline.ingest.sdk;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.pipeline.envelope.DataCodec;
import dev.pipeline.ingest.testing.InjectStubRouter;
import dev.pipeline.ingest.testing.Producers;
import dev.pipeline.ingest.testing.StubRouter;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Events built and encoded by the official CloudEvents Java SDK, in all three HTTP modes, are accepted as they
 * are and reach the router intact. Against the whole pipeline, {@link SdkProducer} needs only a base URL and a key.
 */
@QuarkusTest
@WithTestResource(StubRouter.class)
class CloudEventsSdkClientTest {

    private static final String SOURCE = "urn:sdk:java";

    @InjectStubRouter
    StubRouter router;

    @TestHTTPResource("/")
    URL ingest;

    private SdkProducer producer;

    @BeforeEach
    void setUp() throws Exception {
        router.reset();
        producer = new SdkProducer(ingest.toURI(), Producers.ANY_KEY);
    }

    @Test
    void structuredMode() throws Exception {
        CloudEvent event = event("{\"order\":42,\"total\":12.50}").withSubject("order-42").build();

        accepted(producer.structured(event), 1);

        dev.pipeline.envelope.CloudEvent stored = storedSingle(event);
        assertEquals("order-42", stored.extension("partitionkey"));
        assertEquals(new ObjectMapper().readTree("{\"order\":42,\"total\":12.50}"),
                new ObjectMapper().readTree(DataCodec.toBytes(stored)));
    }

    @Test
    void binaryMode() {
        CloudEvent event = CloudEventBuilder.v1()
                .withId(UUID.randomUUID().toString())
                .withSource(URI.create(SOURCE))
                .withType("dev.pipeline.sdk.reading")
                .withTime(OffsetDateTime.of(2025, 6, 1, 12, 30, 5, 123_000_000, ZoneOffset.ofHours(2)))
                .withDataContentType("application/octet-stream")
                .withData(new byte[] {1, 2, 3, (byte) 200})
                .withExtension("sequence", 7)
                .withExtension("tenant", "blue")
                .build();

        accepted(producer.binary(event), 1);

        dev.pipeline.envelope.CloudEvent stored = storedSingle(event);
        assertEquals("application/octet-stream", stored.datacontenttype());
        assertArrayEquals(new byte[] {1, 2, 3, (byte) 200}, DataCodec.toBytes(stored));
        assertEquals("7", stored.extension("sequence").toString());
        assertEquals("blue", stored.extension("tenant"));
        assertTrue(OffsetDateTime.parse(stored.time()).isEqual(event.getTime()));
    }

    @Test
    void batchedMode() {
        List<CloudEvent> batch = IntStream.range(0, 6)
                .mapToObj(i -> event("{\"n\":" + i + "}").withExtension("sequence", i).build())
                .toList();

        accepted(producer.batch(batch), 6);

        assertEquals(batch.stream().map(CloudEvent::getId).toList(),
                router.storedEvents().stream().map(dev.pipeline.envelope.CloudEvent::id).toList());
    }

    @Test
    void textDataInBinaryMode() {
        CloudEvent event = CloudEventBuilder.v1(event("x").build())
                .withDataContentType("text/plain")
                .withData("plain text, not JSON".getBytes(StandardCharsets.UTF_8))
                .build();

        accepted(producer.binary(event), 1);

        assertEquals("plain text, not JSON", new String(DataCodec.toBytes(storedSingle(event)), StandardCharsets.UTF_8));
    }

    private static CloudEventBuilder event(String json) {
        return CloudEventBuilder.v1()
                .withId(UUID.randomUUID().toString())
                .withSource(URI.create(SOURCE))
                .withType("dev.pipeline.sdk.test")
                .withDataContentType("application/json")
                .withData(json.getBytes(StandardCharsets.UTF_8));
    }

    private static void accepted(HttpResponse<String> response, int events) {
        assertEquals(202, response.statusCode(), response.body());
        assertEquals("{\"accepted\":" + events + "}", response.body());
    }

    private dev.pipeline.envelope.CloudEvent storedSingle(CloudEvent sent) {
        List<dev.pipeline.envelope.CloudEvent> stored = router.storedEvents();
        assertEquals(1, stored.size());
        dev.pipeline.envelope.CloudEvent event = stored.get(0);
        assertEquals(sent.getId(), event.id());
        assertEquals(sent.getSource().toString(), event.source());
        assertEquals(sent.getType(), event.type());
        return event;
    }
}
