package dev.pipeline.ingest.api;

import static dev.pipeline.ingest.testing.Producers.ANY_KEY;
import static dev.pipeline.ingest.testing.Producers.PATH;
import static dev.pipeline.ingest.testing.Producers.PROBLEM;
import static dev.pipeline.ingest.testing.Producers.STRUCTURED;
import static dev.pipeline.ingest.testing.Producers.asAny;
import static dev.pipeline.ingest.testing.Producers.event;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.pipeline.ingest.testing.InjectStubRouter;
import dev.pipeline.ingest.testing.StubRouter;
import dev.pipeline.ingest.testing.StubRouter.Answer;
import dev.pipeline.support.problem.Problem;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/** With max-in-flight-requests (3 in tests) busy, the next request is refused at once with 429 + Retry-After. */
@QuarkusTest
@WithTestResource(StubRouter.class)
class BackpressureTest {

    @InjectStubRouter
    StubRouter router;

    @TestHTTPResource(PATH)
    URL events;

    @BeforeEach
    @AfterEach
    void reset() {
        router.reset();
    }

    @Test
    void fullInFlightGets429AndFreesUpAfterwards() {
        // one ordinary request first, so the client's first-use cost cannot eat into the router timeout below
        asAny().contentType(STRUCTURED).body(event("before", "urn:test:bp"))
                .when().post(PATH)
                .then().statusCode(202);
        router.answer(Answer.HANG);
        HttpClient client = HttpClient.newHttpClient();
        List<CompletableFuture<HttpResponse<String>>> held = IntStream.range(0, 3)
                .mapToObj(i -> client.sendAsync(post(event("held-" + i, "urn:test:bp")), HttpResponse.BodyHandlers.ofString()))
                .toList();
        await().atMost(Duration.ofSeconds(2)).until(() -> router.hanging() == 3);

        asAny().contentType(STRUCTURED).body(event("refused", "urn:test:bp"))
                .when().post(PATH)
                .then().statusCode(429)
                .header("Retry-After", equalTo("1"))
                .contentType(startsWith(PROBLEM))
                .body("type", equalTo(Problem.TYPE_BASE + "overloaded"));

        router.releaseHanging();
        held.forEach(response -> assertEquals(202, response.join().statusCode()));
        asAny().contentType(STRUCTURED).body(event("after", "urn:test:bp"))
                .when().post(PATH)
                .then().statusCode(202);
        assertEquals(5, router.storedEvents().size(), "the refused request was never forwarded");
    }

    private HttpRequest post(String body) {
        return HttpRequest.newBuilder(URI.create(events.toString()))
                .header("Authorization", "Bearer " + ANY_KEY)
                .header("Content-Type", STRUCTURED)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
    }
}
