package dev.pipeline.ingest.api;

import static dev.pipeline.ingest.testing.Producers.ACME_NEW_KEY;
import static dev.pipeline.ingest.testing.Producers.ACME_OLD_KEY;
import static dev.pipeline.ingest.testing.Producers.BATCH;
import static dev.pipeline.ingest.testing.Producers.PATH;
import static dev.pipeline.ingest.testing.Producers.PROBLEM;
import static dev.pipeline.ingest.testing.Producers.STRUCTURED;
import static dev.pipeline.ingest.testing.Producers.as;
import static dev.pipeline.ingest.testing.Producers.event;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.pipeline.envelope.CloudEvent;
import dev.pipeline.ingest.testing.InjectStubRouter;
import dev.pipeline.ingest.testing.StubRouter;
import dev.pipeline.support.problem.Problem;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** Producers authenticate with a bearer API key (401 otherwise), stay within their sources (403), and rotate keys. */
@QuarkusTest
@WithTestResource(StubRouter.class)
class AuthTest {

    @InjectStubRouter
    StubRouter router;

    @BeforeEach
    void reset() {
        router.reset();
    }

    @Test
    void missingKeyIs401WithBearerChallenge() {
        given().contentType(STRUCTURED).body(event("a-1", "urn:acme:x"))
                .when().post(PATH)
                .then().statusCode(401)
                .header("WWW-Authenticate", startsWith("Bearer"))
                .contentType(startsWith(PROBLEM))
                .body("type", equalTo(Problem.TYPE_BASE + "unauthorized"));
        assertEquals(List.of(), router.received());
    }

    @ParameterizedTest
    @ValueSource(strings = {"Bearer wrong-key", "Bearer ", "Basic dGVzdC1hbnkta2V5", "test-any-key",
            "Bearer test-acme-key-ol"})
    void invalidKeyIs401(String authorization) {
        given().header("Authorization", authorization).contentType(STRUCTURED).body(event("a-2", "urn:acme:x"))
                .when().post(PATH)
                .then().statusCode(401)
                .header("WWW-Authenticate", startsWith("Bearer"))
                .body("type", equalTo(Problem.TYPE_BASE + "unauthorized"));
        assertEquals(List.of(), router.received());
    }

    @Test
    void unauthenticatedRequestIsRefusedBeforeItsBodyIsLookedAt() {
        // an invalid body and a bad content type still get 401: authentication comes first
        given().contentType("application/json").body("{")
                .when().post(PATH)
                .then().statusCode(401);
        assertEquals(List.of(), router.received());
    }

    @Test
    void bothKeysOfARotationAreValidAtOnce() {
        as(ACME_OLD_KEY).contentType(STRUCTURED).body(event("r-old", "https://acme.example/orders"))
                .when().post(PATH)
                .then().statusCode(202);
        as(ACME_NEW_KEY).contentType(STRUCTURED).body(event("r-new", "urn:acme:billing"))
                .when().post(PATH)
                .then().statusCode(202);
        assertEquals(List.of("r-old", "r-new"), router.storedEvents().stream().map(CloudEvent::id).toList());
    }

    @Test
    void sourceOutsideTheAllowanceIs403() {
        as(ACME_NEW_KEY).contentType(STRUCTURED).body(event("f-1", "https://acme.example.evil/orders"))
                .when().post(PATH)
                .then().statusCode(403)
                .contentType(startsWith(PROBLEM))
                .body("type", equalTo(Problem.TYPE_BASE + "forbidden-source"))
                .body("attribute", equalTo("source"))
                .body("index", equalTo(0));
        assertEquals(List.of(), router.received());
    }

    @Test
    void oneForbiddenSourceRefusesTheWholeBatch() {
        String batch = "[" + event("f-2", "urn:acme:a") + "," + event("f-3", "urn:other:b") + "]";
        as(ACME_OLD_KEY).contentType(BATCH).body(batch)
                .when().post(PATH)
                .then().statusCode(403)
                .body("index", equalTo(1));
        assertEquals(List.of(), router.received());
    }

    @Test
    void binaryModeSourceIsCheckedToo() {
        as(ACME_OLD_KEY).contentType("text/plain")
                .header("ce-specversion", "1.0").header("ce-id", "f-4").header("ce-source", "urn:other")
                .header("ce-type", "t").body("x")
                .when().post(PATH)
                .then().statusCode(403);
        assertEquals(List.of(), router.received());
    }
}
