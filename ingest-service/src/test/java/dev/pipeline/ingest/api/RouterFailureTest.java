package dev.pipeline.ingest.api;

import static dev.pipeline.ingest.testing.Producers.BATCH;
import static dev.pipeline.ingest.testing.Producers.PATH;
import static dev.pipeline.ingest.testing.Producers.PROBLEM;
import static dev.pipeline.ingest.testing.Producers.STRUCTURED;
import static dev.pipeline.ingest.testing.Producers.asAny;
import static dev.pipeline.ingest.testing.Producers.event;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.pipeline.envelope.CloudEvent;
import dev.pipeline.ingest.testing.InjectStubRouter;
import dev.pipeline.ingest.testing.StubRouter;
import dev.pipeline.ingest.testing.StubRouter.Answer;
import dev.pipeline.support.problem.Problem;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** When the router does not confirm every event stored, the producer gets 503 + Retry-After, never 202. */
@QuarkusTest
@WithTestResource(StubRouter.class)
class RouterFailureTest {

    @InjectStubRouter
    StubRouter router;

    @BeforeEach
    @AfterEach
    void reset() {
        router.reset();
    }

    @Test
    void routerUnavailableIs503WithItsRetryAfter() {
        router.answer(Answer.UNAVAILABLE);
        notStored(String.valueOf(StubRouter.RETRY_AFTER_SECONDS));
        assertEquals(1, router.received().size(), "the event was offered to the router");
        assertEquals(List.of(), router.storedEvents());
    }

    @Test
    void everyWriteCarriesIngestsServiceCredential() {
        String batch = IntStream.range(0, 6).mapToObj(i -> event("cred-" + i, "urn:test:cred"))
                .collect(Collectors.joining(",", "[", "]"));
        asAny().contentType(BATCH).body(batch).when().post(PATH).then().statusCode(202);
        assertEquals(List.of("Bearer test-internal-token", "Bearer test-internal-token"), router.authorizations(),
                "both chunks present ingest.router.token");
    }

    @Test
    void routerRefusingIngestsCredentialIs503NotTheProducersFault() {
        router.answer(Answer.UNAUTHORIZED);
        notStored("1");
    }

    @Test
    void routerNotListeningIs503() {
        router.goDown();
        notStored("1");
    }

    @Test
    void routerHangingPastTheTimeoutIs503() {
        router.answer(Answer.HANG);
        notStored("1");
    }

    @Test
    void receiptForFewerEventsIs503() {
        router.answer(Answer.SHORT_RECEIPT);
        notStored("1");
    }

    @Test
    void failureAfterSomeChunksStillRefusesTheWholeRequestAndResendIsSafe() {
        // 10 events go as chunks of 4: the first chunk is stored, the second is not
        router.answer(Answer.UNAVAILABLE, 1);
        String batch = IntStream.range(0, 10).mapToObj(i -> event("c-" + i, "urn:test:fail"))
                .collect(Collectors.joining(",", "[", "]"));
        asAny().contentType(BATCH).body(batch)
                .when().post(PATH)
                .then().statusCode(503).header("Retry-After", equalTo("7"));
        assertEquals(2, router.received().size(), "the third chunk is not sent once the second failed");

        router.answer(Answer.STORE);
        asAny().contentType(BATCH).body(batch)
                .when().post(PATH)
                .then().statusCode(202).body("accepted", equalTo(10));
        List<String> stored = router.storedEvents().stream().map(CloudEvent::id).toList();
        assertEquals(14, stored.size(), "the first chunk is stored twice; delivery removes the duplicates");
        assertEquals(IntStream.range(0, 10).mapToObj(i -> "c-" + i).toList(), stored.subList(4, 14));
    }

    @Test
    void routerRefusingTheEventsIs502() {
        router.answer(Answer.REJECT);
        asAny().contentType(STRUCTURED).body(event("rej-1", "urn:test:fail"))
                .when().post(PATH)
                .then().statusCode(502)
                .contentType(startsWith(PROBLEM))
                .body("type", equalTo(Problem.TYPE_BASE + "router-rejected"));
        assertEquals(List.of(), router.storedEvents());
    }

    @Test
    void anEventTheRouterRefusesAsInvalidIs422WithItsReason() {
        router.answer(Answer.REFUSE_EVENT);
        asAny().contentType(STRUCTURED).body(event("refused-1", "urn:test:fail"))
                .when().post(PATH)
                .then().statusCode(422)
                .contentType(startsWith(PROBLEM))
                .body("type", equalTo(Problem.TYPE_BASE + "event-refused"))
                .body("detail", containsString(StubRouter.REFUSAL));
        assertEquals(List.of(), router.storedEvents());
    }

    private void notStored(String retryAfter) {
        asAny().contentType(STRUCTURED).body(event("down-1", "urn:test:fail"))
                .when().post(PATH)
                .then().statusCode(503)
                .header("Retry-After", equalTo(retryAfter))
                .contentType(startsWith(PROBLEM))
                .body("type", equalTo(Problem.TYPE_BASE + "not-stored"));
        assertEquals(List.of(), router.storedEvents(), "nothing acknowledged that was not stored");
    }
}
