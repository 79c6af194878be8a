package dev.pipeline.support.problem;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;

import jakarta.ws.rs.core.Response;

/**
 * An RFC 9457 problem detail: a stable {@code type} URI per kind of problem, a short {@code title}, the HTTP
 * {@code status} and a human {@code detail}; {@code extensions} add members such as the failing attribute.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(URI type, String title, int status, String detail, @JsonIgnore Map<String, Object> extensions) {

    /** The media type of problem documents. */
    public static final String MEDIA_TYPE = "application/problem+json";
    /** Base of every problem type URI; the path names the kind of problem. */
    public static final String TYPE_BASE = "https://pipeline.dev/problems/";

    public static Problem of(String type, String title, Response.Status status, String detail) {
        return new Problem(URI.create(TYPE_BASE + type), title, status.getStatusCode(), detail, Map.of());
    }

    public static Problem of(String type, String title, int status, String detail) {
        return new Problem(URI.create(TYPE_BASE + type), title, status, detail, Map.of());
    }

    /** A copy with extension members added. */
    public Problem with(Map<String, Object> more) {
        LinkedHashMap<String, Object> merged = new LinkedHashMap<>(extensions);
        merged.putAll(more);
        return new Problem(type, title, status, detail, merged);
    }

    @JsonAnyGetter
    public Map<String, Object> anyExtensions() {
        return extensions;
    }

    /** The HTTP response carrying this problem. */
    public Response toResponse() {
        return Response.status(status).type(MEDIA_TYPE).entity(this).build();
    }

    /** The response with a {@code Retry-After} header, for overload and unavailability. */
    public Response toResponse(long retryAfterSeconds) {
        return Response.status(status).type(MEDIA_TYPE).header("Retry-After", retryAfterSeconds).entity(this).build();
    }
}
