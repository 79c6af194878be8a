package dev.pipeline.ingest.testing;

import static io.restassured.RestAssured.given;

import dev.pipeline.ingest.api.EventsResource;
import io.restassured.RestAssured;
import io.restassured.parsing.Parser;
import io.restassured.specification.RequestSpecification;

/** The producers configured for tests (profile "test" in application.properties) and request helpers. */
public final class Producers {

    /** Producer "acme" (sources https://acme.example/ and urn:acme:), its key before rotation. */
    public static final String ACME_OLD_KEY = "test-acme-key-old";
    /** Producer "acme", its key after rotation: both are valid at once. */
    public static final String ACME_NEW_KEY = "test-acme-key-new";
    /** Producer "any": any source. */
    public static final String ANY_KEY = "test-any-key";
    public static final String STRUCTURED = "application/cloudevents+json";
    public static final String BATCH = "application/cloudevents-batch+json";
    public static final String PROBLEM = "application/problem+json";
    public static final String PATH = EventsResource.PATH;

    static {
        RestAssured.registerParser(PROBLEM, Parser.JSON);
    }

    private Producers() {
    }

    /** A request authenticated as producer "any". */
    public static RequestSpecification asAny() {
        return as(ANY_KEY);
    }

    public static RequestSpecification as(String key) {
        return given().header("Authorization", "Bearer " + key);
    }

    /** A structured event as JSON text, with the given id and source. */
    public static String event(String id, String source) {
        return "{\"specversion\":\"1.0\",\"id\":\"" + id + "\",\"source\":\"" + source
                + "\",\"type\":\"dev.pipeline.test\",\"data\":{\"n\":1}}";
    }
}
