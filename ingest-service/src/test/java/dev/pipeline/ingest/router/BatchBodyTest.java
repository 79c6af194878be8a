package dev.pipeline.ingest.router;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.pipeline.envelope.CloudEvent;
import dev.pipeline.envelope.CloudEventJson;

/** The body ingest sends the router: the events' encoded JSON joined into one batch, unchanged. */
class BatchBodyTest {

    @Test
    void joinsEncodedEventsIntoABatchTheRouterParsesBack() {
        CloudEvent first = CloudEventJson.parse(
                "{\"specversion\":\"1.0\",\"id\":\"1\",\"source\":\"/s\",\"type\":\"t\",\"data\":{\"é\":[1,2.50]}}");
        CloudEvent second = CloudEventJson.parse(
                "{\"specversion\":\"1.0\",\"id\":\"2\",\"source\":\"/s\",\"type\":\"t\",\"subject\":\"k\"}");

        byte[] body = RouterClient.batch(List.of(CloudEventJson.write(first), CloudEventJson.write(second)));

        assertEquals(List.of(first, second), CloudEventJson.parseBatch(body));
        assertEquals(new String(CloudEventJson.writeBatch(List.of(first, second)), StandardCharsets.UTF_8),
                new String(body, StandardCharsets.UTF_8));
    }

    @Test
    void anEmptyBatchIsAnEmptyArray() {
        assertEquals("[]", new String(RouterClient.batch(List.of()), StandardCharsets.UTF_8));
    }
}
