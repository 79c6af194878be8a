package dev.pipeline.ingest.api;

import static dev.pipeline.ingest.testing.Producers.BATCH;
import static dev.pipeline.ingest.testing.Producers.PATH;
import static dev.pipeline.ingest.testing.Producers.PROBLEM;
import static dev.pipeline.ingest.testing.Producers.STRUCTURED;
import static dev.pipeline.ingest.testing.Producers.asAny;
import static dev.pipeline.ingest.testing.Producers.event;
import static org.hamcrest.Matchers.both;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import dev.pipeline.ingest.testing.InjectStubRouter;
import dev.pipeline.ingest.testing.StubRouter;
import dev.pipeline.support.problem.Problem;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;

/** Every kind of bad input gets its status and a problem+json body naming event and attribute, and nothing is forwarded. */
@QuarkusTest
@WithTestResource(StubRouter.class)
class ValidationTest {

    private static final String VALID_TAIL = "\"source\":\"urn:test\",\"type\":\"t\"";

    @InjectStubRouter
    StubRouter router;

    /** One bad request and what the producer must get back. */
    record Case(String name, String contentType, Map<String, String> headers, String body, int status, String type,
            Integer index, String attribute) {

        @Override
        public String toString() {
            return name;
        }
    }

    @BeforeEach
    void reset() {
        router.reset();
    }

    static Stream<Case> badRequests() {
        return Stream.of(
                structured("missing id", "{\"specversion\":\"1.0\"," + VALID_TAIL + "}", 0, "id"),
                structured("empty source", "{\"specversion\":\"1.0\",\"id\":\"1\",\"source\":\"\",\"type\":\"t\"}", 0, "source"),
                structured("specversion 0.3", "{\"specversion\":\"0.3\",\"id\":\"1\"," + VALID_TAIL + "}", 0, "specversion"),
                structured("type not a string", "{\"specversion\":\"1.0\",\"id\":\"1\",\"source\":\"urn:x\",\"type\":5}", 0, "type"),
                structured("time not a timestamp", withAttribute("\"time\":\"yesterday\""), 0, "time"),
                structured("time without seconds", withAttribute("\"time\":\"2025-01-01T10:00Z\""), 0, "time"),
                structured("time on no such day", withAttribute("\"time\":\"2025-02-30T10:00:00Z\""), 0, "time"),
                structured("extension name with capitals", withAttribute("\"BadName\":\"x\""), 0, "BadName"),
                structured("extension of object type", withAttribute("\"tenant\":{\"a\":1}"), 0, "tenant"),
                structured("source not a URI-reference", "{\"specversion\":\"1.0\",\"id\":\"1\",\"source\":\"has space\","
                        + "\"type\":\"t\"}", 0, "source"),
                structured("relative dataschema", withAttribute("\"dataschema\":\"schemas/1\""), 0, "dataschema"),
                structured("bad datacontenttype", withAttribute("\"datacontenttype\":\"json\""), 0, "datacontenttype"),
                structured("control character in subject", withAttribute("\"subject\":\"a\\u0001b\""), 0, "subject"),
                structured("data and data_base64", withAttribute("\"data\":1,\"data_base64\":\"AA==\""), 0, "data_base64"),
                structured("not an object", "[1]", 0, null),
                malformed("malformed JSON", STRUCTURED, "{\"specversion\":"),
                malformed("trailing content", STRUCTURED, event("1", "urn:x") + " {}"),
                malformed("duplicate member", STRUCTURED, "{\"id\":\"1\",\"id\":\"2\"}"),
                malformed("empty body", STRUCTURED, ""),
                malformed("malformed batch", BATCH, "[{"),
                new Case("second batch event invalid", BATCH, Map.of(), "[" + event("1", "urn:x") + ","
                        + "{\"specversion\":\"1.0\",\"id\":\"2\",\"type\":\"t\"}]", 400, "invalid-event", 1, "source"),
                new Case("batch not an array", BATCH, Map.of(), event("1", "urn:x"), 400, "invalid-event", null, null),
                new Case("empty batch", BATCH, Map.of(), "[]", 400, "invalid-event", null, null),
                new Case("too many events", BATCH, Map.of(), IntStream.range(0, 11).mapToObj(i -> event("e" + i, "urn:x"))
                        .collect(Collectors.joining(",", "[", "]")), 413, "payload-too-large", null, null),
                new Case("request too large", STRUCTURED, Map.of(), "{\"pad\":\"" + "x".repeat(40_000) + "\"}", 413,
                        "payload-too-large", null, null),
                new Case("event too large", STRUCTURED, Map.of(), withAttribute("\"data\":\"" + "x".repeat(5000) + "\""),
                        413, "payload-too-large", 0, null),
                unsupported("plain JSON without ce headers", "application/json"),
                unsupported("XML event format", "application/cloudevents+xml"),
                unsupported("text without ce headers", "text/plain"),
                binary("binary without id", Map.of("ce-source", "urn:x", "ce-type", "t"), "application/json", "{}", "id"),
                binary("binary specversion 0.3", Map.of("ce-specversion", "0.3", "ce-id", "1", "ce-source", "urn:x",
                        "ce-type", "t"), "application/json", "{}", "specversion"),
                binary("binary JSON body malformed", Map.of("ce-id", "1", "ce-source", "urn:x", "ce-type", "t"),
                        "application/json", "{not json", "data"),
                binary("binary bad percent-encoding", Map.of("ce-id", "1", "ce-source", "urn:x", "ce-type", "t",
                        "ce-subject", "50%zz"), "text/plain", "hi", "subject"),
                binary("binary bad time", Map.of("ce-id", "1", "ce-source", "urn:x", "ce-type", "t",
                        "ce-time", "2025-13-01T00:00:00Z"), "text/plain", "hi", "time"),
                binary("binary datacontenttype header", Map.of("ce-id", "1", "ce-source", "urn:x", "ce-type", "t",
                        "ce-datacontenttype", "text/plain"), "text/plain", "hi", "datacontenttype"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badRequests")
    void badInputGetsProblemAndIsNotForwarded(Case bad) {
        RequestSpecification request = asAny().body(bad.body().getBytes(StandardCharsets.UTF_8));
        if (bad.contentType() != null) {
            request.contentType(bad.contentType());
        }
        bad.headers().forEach(request::header);
        ValidatableResponse response = request.when().post(PATH).then()
                .statusCode(bad.status())
                .contentType(startsWith(PROBLEM))
                .body("type", equalTo(Problem.TYPE_BASE + bad.type()))
                .body("status", equalTo(bad.status()))
                .body("index", bad.index() == null ? nullValue() : equalTo(bad.index()))
                .body("attribute", bad.attribute() == null ? nullValue() : equalTo(bad.attribute()));
        if (bad.status() == 413) {
            response.body("detail", containsString("limit is"));
        }
        assertEquals(List.of(), router.received(), "nothing is forwarded");
    }

    @Test
    void batchProblemListsEveryInvalidEvent() {
        String batch = "[" + event("1", "urn:x") + ",{\"id\":\"2\"}," + event("3", "urn:x") + ",{\"specversion\":\"1.0\","
                + "\"id\":\"4\"," + VALID_TAIL + ",\"time\":\"now\"}]";
        asAny().contentType(BATCH).body(batch)
                .when().post(PATH)
                .then().statusCode(400)
                .body("index", equalTo(1))
                .body("errors.index", org.hamcrest.Matchers.contains(1, 3))
                .body("errors[1].attribute", equalTo("time"));
        assertEquals(List.of(), router.received());
    }

    @Test
    void requestWithoutContentTypeOrCeHeadersIs415() {
        asAny().body(new byte[] {1, 2, 3}).contentType("")
                .when().post(PATH)
                .then().statusCode(415).contentType(startsWith(PROBLEM))
                .body("type", equalTo(Problem.TYPE_BASE + "unsupported-media-type"));
        assertEquals(List.of(), router.received());
    }

    @ParameterizedTest
    @ValueSource(strings = {"garbage", "a/b;c", "/", "text/", ";;"})
    void oddContentTypesGetA4xxProblem(String contentType) {
        asAny().header("Content-Type", contentType).body(event("odd", "urn:x").getBytes(StandardCharsets.UTF_8))
                .when().post(PATH)
                .then().statusCode(both(greaterThanOrEqualTo(400)).and(lessThan(500)))
                .contentType(startsWith(PROBLEM));
        assertEquals(List.of(), router.received());
    }

    @Test
    void repeatedCeHeaderIs400() {
        asAny().contentType("text/plain").header("ce-specversion", "1.0").header("ce-id", "1").header("ce-id", "2")
                .header("ce-source", "urn:x").header("ce-type", "t").body("x")
                .when().post(PATH)
                .then().statusCode(400).body("attribute", equalTo("id"));
        assertEquals(List.of(), router.received());
    }

    private static String withAttribute(String member) {
        return "{\"specversion\":\"1.0\",\"id\":\"1\"," + VALID_TAIL + "," + member + "}";
    }

    private static Case structured(String name, String body, Integer index, String attribute) {
        return new Case(name, STRUCTURED, Map.of(), body, 400, "invalid-event", index, attribute);
    }

    private static Case malformed(String name, String contentType, String body) {
        return new Case(name, contentType, Map.of(), body, 400, "malformed-json", null, null);
    }

    private static Case unsupported(String name, String contentType) {
        return new Case(name, contentType, Map.of(), "{}", 415, "unsupported-media-type", null, null);
    }

    private static Case binary(String name, Map<String, String> headers, String contentType, String body, String attribute) {
        Map<String, String> all = new LinkedHashMap<>(Map.of("ce-specversion", "1.0"));
        all.putAll(headers);
        return new Case(name, contentType, all, body, 400, "invalid-event", 0, attribute);
    }
}
