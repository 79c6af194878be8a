package dev.pipeline.ingest.api;

import static dev.pipeline.ingest.testing.Producers.BATCH;
import static dev.pipeline.ingest.testing.Producers.PATH;
import static dev.pipeline.ingest.testing.Producers.STRUCTURED;
import static dev.pipeline.ingest.testing.Producers.asAny;
import static dev.pipeline.ingest.testing.Producers.event;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.lessThan;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.pipeline.envelope.CloudEvent;
import dev.pipeline.envelope.EventData;
import dev.pipeline.ingest.testing.InjectStubRouter;
import dev.pipeline.ingest.testing.StubRouter;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;

/** The three CloudEvents HTTP modes are accepted, enriched and forwarded to the router in order. */
@QuarkusTest
@WithTestResource(StubRouter.class)
class ContentModesTest {

    @InjectStubRouter
    StubRouter router;

    @BeforeEach
    void reset() {
        router.reset();
    }

    @Test
    void structuredEventIsEnrichedAndForwarded() {
        asAny().contentType(STRUCTURED).body(event("s-1", "urn:test:modes"))
                .when().post(PATH)
                .then().statusCode(202).body("accepted", equalTo(1));

        CloudEvent stored = router.storedEvents().get(0);
        assertEquals("s-1", stored.id());
        assertEquals("s-1", stored.extension(CloudEvent.PARTITION_KEY));
        String ingestTime = stored.extension(CloudEvent.INGEST_TIME).toString();
        assertThat(ingestTime.matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}Z"), equalTo(true));
        assertEquals(ingestTime, stored.time(), "time is set to the ingest time when absent");
    }

    @Test
    void batchKeepsOrderAcrossRouterCallsWithIncreasingIngestTime() {
        // max-batch-events is 4 in tests: 10 events go as three router calls, one after the other
        String batch = IntStream.range(0, 10).mapToObj(i -> event("b-" + i, "urn:test:modes"))
                .collect(Collectors.joining(",", "[", "]"));
        asAny().contentType(BATCH).body(batch)
                .when().post(PATH)
                .then().statusCode(202).body("accepted", equalTo(10));

        assertThat(router.received().stream().map(List::size).toList(), contains(4, 4, 2));
        List<CloudEvent> stored = router.storedEvents();
        assertEquals(IntStream.range(0, 10).mapToObj(i -> "b-" + i).toList(), stored.stream().map(CloudEvent::id).toList());
        for (int i = 1; i < stored.size(); i++) {
            assertThat(ingestTime(stored.get(i - 1)), lessThan(ingestTime(stored.get(i))));
        }
    }

    @Test
    void binaryEventTakesAttributesFromHeadersAndDataFromBody() {
        asAny().contentType("text/plain; charset=utf-8")
                .header("ce-specversion", "1.0")
                .header("ce-id", "bin-1")
                .header("ce-source", "urn:test:modes")
                .header("ce-type", "dev.pipeline.test")
                .header("ce-subject", "caf%C3%A9 order")
                .header("ce-time", "2025-03-01T10:15:30.5+01:00")
                .header("ce-tenant", "t1")
                .body("hello, world".getBytes(StandardCharsets.UTF_8))
                .when().post(PATH)
                .then().statusCode(202).body("accepted", equalTo(1));

        CloudEvent stored = router.storedEvents().get(0);
        assertEquals("café order", stored.subject());
        assertEquals("2025-03-01T10:15:30.5+01:00", stored.time());
        assertEquals("text/plain; charset=utf-8", stored.datacontenttype());
        assertEquals("t1", stored.extension("tenant"));
        assertEquals("café order", stored.extension(CloudEvent.PARTITION_KEY));
        assertEquals("hello, world", ((EventData.Json) stored.data()).value().textValue());
    }

    @Test
    void binaryEventWithOpaqueBytesKeepsThemExactly() {
        byte[] bytes = {0, 1, 2, (byte) 0xff, (byte) 0xfe};
        asAny().contentType("application/octet-stream")
                .header("ce-specversion", "1.0")
                .header("ce-id", "bin-2")
                .header("ce-source", "urn:test:modes")
                .header("ce-type", "dev.pipeline.test")
                .body(bytes)
                .when().post(PATH)
                .then().statusCode(202);

        assertArrayEquals(bytes, ((EventData.Binary) router.storedEvents().get(0).data()).bytes());
    }

    @Test
    void producerPartitionKeyIsKept() {
        asAny().contentType(STRUCTURED)
                .body("{\"specversion\":\"1.0\",\"id\":\"pk-1\",\"source\":\"urn:test\",\"type\":\"t\","
                        + "\"subject\":\"s\",\"partitionkey\":\"mine\"}")
                .when().post(PATH)
                .then().statusCode(202);

        assertEquals("mine", router.storedEvents().get(0).extension(CloudEvent.PARTITION_KEY));
    }

    @Test
    void openApiDescribesTheThreeModes() {
        RestAssured.given().accept("application/json")
                .when().get("/q/openapi")
                .then().statusCode(200)
                .body("paths.'/v1/events'.post.requestBody.content.keySet()", hasItems(STRUCTURED, BATCH, "*/*"));
    }

    private static Instant ingestTime(CloudEvent event) {
        return Instant.parse(event.extension(CloudEvent.INGEST_TIME).toString());
    }
}
