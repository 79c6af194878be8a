package dev.pipeline.delivery.sse;

import java.time.Instant;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.pipeline.support.problem.Problem;
import io.vertx.core.http.HttpServerResponse;

/** Writes RFC 9457 problem+json answers on the raw Vert.x response of the stream route. */
final class ProblemResponses {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private ProblemResponses() {
    }

    static void send(HttpServerResponse response, Problem problem) {
        String body;
        try {
            body = MAPPER.writeValueAsString(problem);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot encode problem " + problem.type(), e);
        }
        response.setStatusCode(problem.status()).putHeader("Content-Type", Problem.MEDIA_TYPE).end(body);
    }

    static Problem unauthorized() {
        return Problem.of("unauthorized", "Unauthorized", 401,
                "Send a valid partner token as Authorization: Bearer <token> or as the access_token query parameter");
    }

    static Problem forbidden(String detail) {
        return Problem.of("forbidden-filter", "Filter outside entitlement", 403, detail);
    }

    static Problem badRequest(String type, String title, String detail) {
        return Problem.of(type, title, 400, detail);
    }

    static Problem tooManyStreams(int max) {
        return Problem.of("too-many-streams", "Too many streams", 429, "This partner already holds its " + max
                + " open streams on this server; close one before opening another");
    }

    static Problem cursorExpired(String detail, Instant oldest) {
        return Problem.of("cursor-expired", "Cursor expired", 410, detail).with(Map.of("oldest", oldest.toString()));
    }

    static Problem catchUpBusy(String detail) {
        return Problem.of("catch-up-busy", "Catch-up capacity exhausted", 503, detail);
    }
}
