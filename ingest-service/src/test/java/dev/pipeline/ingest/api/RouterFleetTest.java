package dev.pipeline.ingest.api;

import static dev.pipeline.ingest.testing.Producers.BATCH;
import static dev.pipeline.ingest.testing.Producers.PATH;
import static dev.pipeline.ingest.testing.Producers.PROBLEM;
import static dev.pipeline.ingest.testing.Producers.STRUCTURED;
import static dev.pipeline.ingest.testing.Producers.asAny;
import static dev.pipeline.ingest.testing.Producers.event;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.pipeline.envelope.CloudEvent;
import dev.pipeline.ingest.testing.InjectStubRouter;
import dev.pipeline.ingest.testing.StubRouter;
import dev.pipeline.ingest.testing.StubRouter.Answer;
import dev.pipeline.ingest.testing.StubRouterFleet;
import dev.pipeline.support.problem.Problem;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Ingest with a list of routers (two real HTTP servers): requests are spread over both by partition key, and a write one router
 * refused at connect, dropped before answering or answered 503 is stored by the other without the producer noticing.
 */
@QuarkusTest
@WithTestResource(StubRouterFleet.class)
class RouterFleetTest {

    @InjectStubRouter
    StubRouterFleet routers;

    @BeforeEach
    @AfterEach
    void reset() {
        routers.both().forEach(StubRouter::reset);
    }

    @Test
    void requestsAreSpreadOverEveryRouterByPartitionKey() {
        sendAccepted("spread", 20);
        int first = routers.first().storedEvents().size();
        int second = routers.second().storedEvents().size();
        assertEquals(20, first + second);
        assertTrue(first > 0 && second > 0, "20 keys over both routers: " + first + " and " + second);
    }

    @Test
    void theEventsOfOneKeyGoThroughOneRouter() {
        for (int i = 0; i < 6; i++) {
            asAny().contentType(STRUCTURED).body("{\"specversion\":\"1.0\",\"id\":\"same-key-" + i
                            + "\",\"source\":\"urn:test:fleet\",\"type\":\"dev.pipeline.test\",\"subject\":\"one-key\"}")
                    .when().post(PATH)
                    .then().statusCode(202);
        }
        int first = routers.first().storedEvents().size();
        int second = routers.second().storedEvents().size();
        assertTrue(first == 6 && second == 0 || first == 0 && second == 6,
                "one key, one router (its events keep one router's sequencing and sink): " + first + " and " + second);
    }

    @Test
    void aRouterThatRefusesConnectionsIsPassedOver() {
        routers.first().goDown();
        sendAccepted("refused", 6);
        assertEquals(6, routers.second().storedEvents().size());
    }

    @Test
    void aWriteDroppedBeforeAnAnswerGoesToTheOtherRouter() {
        routers.first().answer(Answer.DROP);
        sendAccepted("dropped", 6);
        assertEquals(3, routers.first().received().size(), "half the requests started at the dropping router");
        assertEquals(6, routers.second().storedEvents().size(), "and were stored by the other one");
    }

    @Test
    void aWriteADrainingRouterAnswered503GoesToTheOtherRouter() {
        routers.second().answer(Answer.UNAVAILABLE);
        sendAccepted("draining", 6);
        assertEquals(6, routers.first().storedEvents().size());
    }

    @Test
    void theChunksOfOneRequestMoveToTheOtherRouterInOrder() {
        // 10 events go as chunks of 4, 4 and 2; whichever router the request starts at, one of them fails a chunk
        routers.first().answer(Answer.UNAVAILABLE, 1);
        routers.second().answer(Answer.UNAVAILABLE, 2);
        String batch = IntStream.range(0, 10).mapToObj(i -> event("order-" + i, "urn:test:fleet"))
                .collect(Collectors.joining(",", "[", "]"));
        asAny().contentType(BATCH).body(batch).when().post(PATH).then().statusCode(202).body("accepted", equalTo(10));
        List<Integer> first = numbers(routers.first().storedEvents());
        List<Integer> second = numbers(routers.second().storedEvents());
        assertTrue(!first.isEmpty() && !second.isEmpty(), "both routers stored part of the request");
        assertEquals(IntStream.range(0, 10).boxed().toList(),
                Stream.concat(first.stream(), second.stream()).sorted().toList(), "each event once");
        assertEquals(first.stream().sorted().toList(), first, "in order on the first router");
        assertEquals(second.stream().sorted().toList(), second, "in order on the second router");
    }

    private static List<Integer> numbers(List<CloudEvent> events) {
        return events.stream().map(e -> Integer.parseInt(e.id().substring("order-".length()))).toList();
    }

    @Test
    void whenNoRouterTakesTheWriteTheProducerGetsARetryable503() {
        routers.both().forEach(router -> router.answer(Answer.UNAVAILABLE));
        asAny().contentType(STRUCTURED).body(event("none-1", "urn:test:fleet"))
                .when().post(PATH)
                .then().statusCode(503)
                .header("Retry-After", equalTo(String.valueOf(StubRouter.RETRY_AFTER_SECONDS)))
                .contentType(startsWith(PROBLEM))
                .body("type", equalTo(Problem.TYPE_BASE + "not-stored"));
        assertEquals(1, routers.first().received().size(), "each router was offered the write once");
        assertEquals(1, routers.second().received().size(), "each router was offered the write once");
    }

    private void sendAccepted(String prefix, int requests) {
        for (int i = 0; i < requests; i++) {
            asAny().contentType(STRUCTURED).body(event(prefix + "-" + i, "urn:test:fleet"))
                    .when().post(PATH)
                    .then().statusCode(202);
        }
    }
}
