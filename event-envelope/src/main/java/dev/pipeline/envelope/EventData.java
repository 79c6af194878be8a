package dev.pipeline.envelope;

import java.util.Arrays;
import java.util.Base64;

import com.fasterxml.jackson.databind.JsonNode;

/** A CloudEvent's payload: a JSON value (text is a JSON string) or opaque bytes ({@code data_base64}). */
public sealed interface EventData {

    /** A JSON value carried in the {@code data} member of the structured format. */
    record Json(JsonNode value) implements EventData {
    }

    /** Bytes carried as {@code data_base64} in the structured format. */
    record Binary(byte[] bytes) implements EventData {

        @Override
        public boolean equals(Object other) {
            return other instanceof Binary binary && Arrays.equals(bytes, binary.bytes);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(bytes);
        }

        @Override
        public String toString() {
            return "Binary[" + Base64.getEncoder().encodeToString(bytes) + "]";
        }
    }
}
