package dev.pipeline.ingest.decode;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;

import dev.pipeline.ingest.service.IngestProblems;

/**
 * Reads producers' JSON strictly: one value and nothing after it, no duplicate members, numbers kept exactly
 * as written; anything else is a 400 malformed-json problem.
 */
public final class StrictJson {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .configure(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false);

    private StrictJson() {
    }

    /** The JSON value of a body; {@code what} names it in the problem detail. */
    public static JsonNode read(byte[] body, String what) {
        if (body == null || body.length == 0) {
            throw IngestProblems.malformedJson("The " + what + " is empty");
        }
        try {
            JsonNode root = MAPPER.readTree(body);
            if (root == null || root.isMissingNode()) {
                throw IngestProblems.malformedJson("The " + what + " holds no JSON value");
            }
            return root;
        } catch (IOException e) {
            // Jackson's own message names line and column; the cause stays in the server.
            throw IngestProblems.malformedJson("The " + what + " is not valid JSON: " + firstLine(e.getMessage()));
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
