package dev.pipeline.envelope;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.JsonStringEncoder;

/**
 * Changes one top-level attribute of a structured event in its encoded text, leaving every other byte as it was:
 * a view of an event that differs in one attribute (a partner's narrowed audience) costs a scan and a copy, not a
 * parse of the data and a re-encoding.
 */
public final class AttributeEdit {

    private AttributeEdit() {
    }

    /**
     * The event's JSON with attribute {@code name} set to the string {@code value}: its value replaced in place, or,
     * where the event has no such attribute, the event re-encoded with it.
     */
    public static String withStringAttribute(String json, String name, String value) {
        String quoted = '"' + new String(JsonStringEncoder.getInstance().quoteAsString(value)) + '"';
        try (JsonParser parser = CloudEventJson.MAPPER.createParser(json)) {
            if (parser.nextToken() == JsonToken.START_OBJECT) {
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String field = parser.currentName();
                    JsonToken token = parser.nextToken();
                    if (field.equals(name) && token.isScalarValue()) {
                        int from = (int) parser.currentTokenLocation().getCharOffset();
                        parser.finishToken(); // a string is read lazily: finish it to know where it ends
                        int to = (int) parser.currentLocation().getCharOffset();
                        return json.substring(0, from) + quoted + json.substring(to);
                    }
                    parser.skipChildren();
                }
            }
        } catch (IOException e) {
            throw new EnvelopeException(null, "Malformed JSON: " + e.getMessage(), e);
        }
        return CloudEventJson.writeString(CloudEventJson.parse(json).withExtension(name, value));
    }
}
