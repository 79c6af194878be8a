package dev.pipeline.envelope;

import java.io.IOException;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

/**
 * Reads a structured event's context attributes with a streaming parser, skipping over its data, and checks them by
 * the rules {@link CloudEventJson#fromNode} applies: the attributes cost a scan, the data no tree and no re-encoding.
 */
final class AttributeReader {

    private AttributeReader() {
    }

    /** The event with its attributes read and {@code json} (one structured event, nothing else) as its encoding. */
    static CloudEvent read(byte[] json) {
        try (JsonParser parser = CloudEventJson.MAPPER.createParser(json)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new EnvelopeException(null, "A CloudEvent must be a JSON object");
            }
            CloudEvent event = readObject(parser, json);
            if (parser.nextToken() != null) {
                throw new EnvelopeException(null, "Malformed JSON: more than one value");
            }
            return event;
        } catch (JsonParseException e) {
            throw new EnvelopeException(null, "Malformed JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new EnvelopeException(null, "Unreadable JSON: " + e.getMessage(), e);
        }
    }

    private static CloudEvent readObject(JsonParser parser, byte[] json) throws IOException {
        Map<String, String> attributes = new HashMap<>(8);
        Map<String, Object> extensions = new TreeMap<>();
        boolean hasData = false;
        boolean hasBase64 = false;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            JsonToken value = parser.nextToken();
            if (name.equals("data")) {
                hasData |= value != JsonToken.VALUE_NULL;
                parser.skipChildren();
            } else if (name.equals("data_base64")) {
                hasBase64 |= checkBase64(parser, value);
            } else if (CloudEventJson.isContextAttribute(name)) {
                attributes.put(name, string(parser, name, value));
            } else if (value != JsonToken.VALUE_NULL) {
                extensions.put(name, extension(parser, name, value));
            }
        }
        if (hasData && hasBase64) {
            throw new EnvelopeException("data_base64", "An event carries either data or data_base64, not both");
        }
        String specversion = required(attributes, "specversion");
        if (!CloudEvent.SPEC_VERSION.equals(specversion)) {
            throw new EnvelopeException("specversion", "specversion must be \"1.0\", not \"" + specversion + "\"");
        }
        String time = attributes.get("time");
        if (time != null) {
            CloudEventJson.requireTimestamp("time", time);
        }
        return new CloudEvent(specversion, required(attributes, "id"), required(attributes, "source"),
                required(attributes, "type"), time, attributes.get("subject"), attributes.get("datacontenttype"),
                attributes.get("dataschema"), extensions, null, json);
    }

    private static boolean checkBase64(JsonParser parser, JsonToken value) throws IOException {
        if (value == JsonToken.VALUE_NULL) {
            return false;
        }
        if (value != JsonToken.VALUE_STRING) {
            throw new EnvelopeException("data_base64", "data_base64 must be a string");
        }
        try {
            Base64.getDecoder().decode(parser.getText());
        } catch (IllegalArgumentException e) {
            throw new EnvelopeException("data_base64", "data_base64 is not valid Base64: " + e.getMessage());
        }
        return true;
    }

    private static String string(JsonParser parser, String name, JsonToken value) throws IOException {
        if (value == JsonToken.VALUE_NULL) {
            return null;
        }
        if (value != JsonToken.VALUE_STRING) {
            parser.skipChildren();
            throw new EnvelopeException(name, "Attribute \"" + name + "\" must be a string");
        }
        return parser.getText();
    }

    private static Object extension(JsonParser parser, String name, JsonToken value) throws IOException {
        CloudEventJson.requireExtensionName(name);
        switch (value) {
            case VALUE_STRING:
                return parser.getText();
            case VALUE_TRUE:
            case VALUE_FALSE:
                return parser.getBooleanValue();
            case VALUE_NUMBER_INT:
                if (parser.getNumberType() == JsonParser.NumberType.INT) {
                    return parser.getIntValue();
                }
                throw CloudEventJson.badExtensionValue(name);
            default:
                throw CloudEventJson.badExtensionValue(name);
        }
    }

    private static String required(Map<String, String> attributes, String name) {
        String value = attributes.get(name);
        if (value == null || value.isEmpty()) {
            throw new EnvelopeException(name, "Required attribute \"" + name + "\" is missing or empty");
        }
        return value;
    }
}
