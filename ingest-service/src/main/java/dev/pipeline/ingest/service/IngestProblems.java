package dev.pipeline.ingest.service;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.pipeline.support.problem.Problem;
import dev.pipeline.support.problem.ProblemException;
import jakarta.ws.rs.core.Response;

/** The problems ingest answers producers with, each with a stable type URI under {@link Problem#TYPE_BASE}. */
public final class IngestProblems {

    public static final String INVALID_EVENT = "invalid-event";
    public static final String MALFORMED_JSON = "malformed-json";
    public static final String PAYLOAD_TOO_LARGE = "payload-too-large";
    public static final String UNSUPPORTED_MEDIA_TYPE = "unsupported-media-type";
    public static final String UNAUTHORIZED = "unauthorized";
    public static final String FORBIDDEN_SOURCE = "forbidden-source";
    public static final String OVERLOADED = "overloaded";
    public static final String NOT_STORED = "not-stored";
    public static final String ROUTER_REJECTED = "router-rejected";
    public static final String EVENT_REFUSED = "event-refused";

    private IngestProblems() {
    }

    /** An event breaks a CloudEvents rule; index (in the batch) and attribute are named when known. */
    public static ProblemException invalidEvent(Integer index, String attribute, String detail) {
        return new ProblemException(located(Problem.of(INVALID_EVENT, "Invalid CloudEvent", Response.Status.BAD_REQUEST,
                detail), index, attribute));
    }

    public static ProblemException malformedJson(String detail) {
        return new ProblemException(Problem.of(MALFORMED_JSON, "Malformed JSON", Response.Status.BAD_REQUEST, detail));
    }

    /** A limit was exceeded; the detail states the limit. */
    public static ProblemException tooLarge(Integer index, String detail, long limit) {
        Problem problem = located(Problem.of(PAYLOAD_TOO_LARGE, "Payload too large", Response.Status.REQUEST_ENTITY_TOO_LARGE,
                detail), index, null);
        return new ProblemException(problem.with(Map.of("limit", limit)));
    }

    public static ProblemException unsupportedMediaType(String detail) {
        return new ProblemException(Problem.of(UNSUPPORTED_MEDIA_TYPE, "Unsupported media type",
                Response.Status.UNSUPPORTED_MEDIA_TYPE, detail));
    }

    public static Problem unauthorized(String detail) {
        return Problem.of(UNAUTHORIZED, "Unauthorized", Response.Status.UNAUTHORIZED, detail);
    }

    public static ProblemException forbiddenSource(int index, String producer, String source) {
        return new ProblemException(located(Problem.of(FORBIDDEN_SOURCE, "Source not allowed", Response.Status.FORBIDDEN,
                "Producer \"" + producer + "\" may not send events with source \"" + source + "\""), index, "source"));
    }

    public static ProblemException overloaded(long retryAfterSeconds) {
        return new ProblemException(Problem.of(OVERLOADED, "Overloaded", 429,
                "Too much work in flight; nothing was accepted. Send the request again after Retry-After seconds"),
                retryAfterSeconds);
    }

    public static ProblemException notStored(long retryAfterSeconds) {
        return new ProblemException(Problem.of(NOT_STORED, "Events not stored", Response.Status.SERVICE_UNAVAILABLE,
                "The events could not be stored right now and were not accepted; send the same request again "
                        + "after Retry-After seconds (resending is safe)"), retryAfterSeconds);
    }

    public static ProblemException routerRejected(int status) {
        return new ProblemException(Problem.of(ROUTER_REJECTED, "Events rejected downstream", Response.Status.BAD_GATEWAY,
                "The router refused the events (HTTP " + status + "); they were not accepted"));
    }

    /** A sink refused an event as invalid (the router's 422): the producer must change it; the reason is told. */
    public static ProblemException eventRefused(String detail) {
        return new ProblemException(Problem.of(EVENT_REFUSED, "Event refused", 422, detail));
    }

    private static Problem located(Problem problem, Integer index, String attribute) {
        Map<String, Object> members = new LinkedHashMap<>();
        if (index != null) {
            members.put("index", index);
        }
        if (attribute != null) {
            members.put("attribute", attribute);
        }
        return members.isEmpty() ? problem : problem.with(members);
    }
}
