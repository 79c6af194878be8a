package dev.pipeline.envelope;

import java.io.IOException;
import java.util.Base64;
import java.util.TreeMap;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;

/**
 * Reads a structured event's context attributes with a streaming parser, skipping over its data, and checks them by
 * the rules {@link CloudEventJson#fromNode} applies: the attributes cost a scan, the data no tree and no re-encoding.
 * <p>
 * This runs for every event the router writes and every record delivery reads, so it allocates little besides the
 * attributes' strings: no map of them, and no duplicate detection by the parser (which keeps a set of names per
 * object, data included). A member named twice at the event's top level is refused here; names inside the data are
 * the producer's payload, which ingest reads strictly before anything is stored.
 */
final class AttributeReader {

    /** The context attributes, by their index in the values read. */
    private static final String[] CONTEXT = {"specversion", "id", "source", "type", "time", "subject",
            "datacontenttype", "dataschema"};
    private static final int SPECVERSION = 0;
    private static final int ID = 1;
    private static final int SOURCE = 2;
    private static final int TYPE = 3;
    private static final int TIME = 4;
    private static final int SUBJECT = 5;
    private static final int DATACONTENTTYPE = 6;
    private static final int DATASCHEMA = 7;
    private static final int DATA = 8;
    private static final int DATA_BASE64 = 9;
    /** An extension given as JSON null: absent, yet its name is taken. */
    private static final Object NULL_EXTENSION = new Object();

    /** Parsers without duplicate detection (the object's own names are checked while read). */
    private static final JsonFactory PARSERS = JsonFactory.builder().disable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private AttributeReader() {
    }

    /**
     * The event with its attributes read and {@code json} (one structured event, nothing else) as its encoding, or null
     * when {@code json} spans lines (it is then no encoding a writer keeps). The parser counts the lines as it goes
     * (JSON strings cannot hold a raw line break), which spares a scan of the bytes for them.
     */
    static CloudEvent read(byte[] json) {
        try (JsonParser parser = PARSERS.createParser(json)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new EnvelopeException(null, "A CloudEvent must be a JSON object");
            }
            CloudEvent event = readObject(parser, json);
            if (parser.nextToken() != null) {
                throw new EnvelopeException(null, "Malformed JSON: more than one value");
            }
            return parser.currentLocation().getLineNr() == 1 ? event : null;
        } catch (JsonParseException e) {
            throw new EnvelopeException(null, "Malformed JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new EnvelopeException(null, "Unreadable JSON: " + e.getMessage(), e);
        }
    }

    /** Parsers for reading the bytes of structured events, whose members this reader checks itself. */
    static JsonParser parser(byte[] json) throws IOException {
        return PARSERS.createParser(json);
    }

    private static CloudEvent readObject(JsonParser parser, byte[] json) throws IOException {
        String[] values = new String[CONTEXT.length];
        int seen = 0;
        TreeMap<String, Object> extensions = new TreeMap<>();
        boolean nullExtensions = false;
        boolean hasData = false;
        boolean hasBase64 = false;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            JsonToken value = parser.nextToken();
            int index = contextIndex(name);
            if (index >= 0) {
                if ((seen & 1 << index) != 0) {
                    throw duplicate(name);
                }
                seen |= 1 << index;
                if (index == DATA) {
                    hasData = value != JsonToken.VALUE_NULL;
                    parser.skipChildren();
                } else if (index == DATA_BASE64) {
                    hasBase64 = checkBase64(parser, value);
                } else {
                    values[index] = string(parser, name, value);
                }
            } else {
                Object extension = value == JsonToken.VALUE_NULL ? NULL_EXTENSION : extension(parser, name, value);
                nullExtensions |= extension == NULL_EXTENSION;
                if (extensions.put(name, extension) != null) {
                    throw duplicate(name);
                }
            }
        }
        if (hasData && hasBase64) {
            throw new EnvelopeException("data_base64", "An event carries either data or data_base64, not both");
        }
        if (nullExtensions) {
            extensions.values().removeIf(extension -> extension == NULL_EXTENSION);
        }
        String specversion = required(values, SPECVERSION);
        if (!CloudEvent.SPEC_VERSION.equals(specversion)) {
            throw new EnvelopeException("specversion", "specversion must be \"1.0\", not \"" + specversion + "\"");
        }
        String time = values[TIME];
        if (time != null) {
            CloudEventJson.requireTimestamp("time", time);
        }
        return new CloudEvent(specversion, required(values, ID), required(values, SOURCE), required(values, TYPE), time,
                values[SUBJECT], values[DATACONTENTTYPE], values[DATASCHEMA], extensions, null, json);
    }

    /** The index of a context attribute (data and data_base64 after the others), or -1 for an extension. */
    private static int contextIndex(String name) {
        return switch (name) {
            case "specversion" -> SPECVERSION;
            case "id" -> ID;
            case "source" -> SOURCE;
            case "type" -> TYPE;
            case "time" -> TIME;
            case "subject" -> SUBJECT;
            case "datacontenttype" -> DATACONTENTTYPE;
            case "dataschema" -> DATASCHEMA;
            case "data" -> DATA;
            case "data_base64" -> DATA_BASE64;
            default -> -1;
        };
    }

    private static EnvelopeException duplicate(String name) {
        return new EnvelopeException(null, "Malformed JSON: Duplicate field '" + name + "'");
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

    private static String required(String[] values, int index) {
        String name = CONTEXT[index];
        String value = values[index];
        if (value == null || value.isEmpty()) {
            throw new EnvelopeException(name, "Required attribute \"" + name + "\" is missing or empty");
        }
        return value;
    }
}
