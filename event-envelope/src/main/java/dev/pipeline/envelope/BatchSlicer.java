package dev.pipeline.envelope;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

/**
 * Finds where each element of a JSON array lies in its bytes, so each can be handed on as it was encoded. Each element
 * is then read on its own ({@link AttributeReader}, which checks its members), so the slicing checks no names.
 */
final class BatchSlicer {

    /** Receives one element's byte range, {@code from} inclusive, {@code to} exclusive. */
    @FunctionalInterface
    interface ElementRange {
        void accept(int from, int to);
    }

    private BatchSlicer() {
    }

    static void forEachElement(byte[] json, ElementRange range) {
        try (JsonParser parser = AttributeReader.parser(json)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                throw new EnvelopeException(null, "The body is empty");
            }
            if (first != JsonToken.START_ARRAY) {
                throw new EnvelopeException(null, "A CloudEvents batch must be a JSON array");
            }
            for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
                if (token != JsonToken.START_OBJECT) {
                    throw new EnvelopeException(null, "A CloudEvent must be a JSON object");
                }
                int from = (int) parser.currentTokenLocation().getByteOffset();
                parser.skipChildren();
                // the location after the closing brace: the element ends there
                int to = (int) parser.currentLocation().getByteOffset();
                range.accept(from, to);
            }
            if (parser.nextToken() != null) {
                throw new EnvelopeException(null, "Malformed JSON: more than one value");
            }
        } catch (JsonParseException e) {
            throw new EnvelopeException(null, "Malformed JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new EnvelopeException(null, "Unreadable JSON: " + e.getMessage(), e);
        }
    }
}
