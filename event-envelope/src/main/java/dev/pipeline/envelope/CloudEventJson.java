package dev.pipeline.envelope;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;

/**
 * The CloudEvents JSON event format (structured mode): one event, or a batch as a JSON array. Output is
 * always a single line, since control characters inside strings are escaped. An event read from a single line of
 * JSON keeps those bytes as its encoding, and writing it hands them back unchanged (see {@link CloudEvent#json()}).
 */
public final class CloudEventJson {

    /** Media type of one structured event. */
    public static final String MEDIA_TYPE = "application/cloudevents+json";
    /** Media type of a batch of structured events. */
    public static final String BATCH_MEDIA_TYPE = "application/cloudevents-batch+json";

    static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            // keep numbers exactly as the producer wrote them (12.50 stays 12.50)
            .configure(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false);

    private static final Set<String> CONTEXT_ATTRIBUTES = Set.of("specversion", "id", "source", "type", "time",
            "subject", "datacontenttype", "dataschema", "data", "data_base64");

    private CloudEventJson() {
    }

    /** Parses one structured event; single-line input is kept as its encoding. */
    public static CloudEvent parse(byte[] json) {
        CloudEvent event = fromNode(readTree(json));
        return isSingleLine(json, 0, json.length) ? event.encodedAs(json) : event;
    }

    /**
     * Reads one structured event for its context attributes, checking them as {@link #parse} does, and keeps its data
     * encoded: the router, the merge and the partner filters need only the attributes, and the partner receives these
     * bytes. Input spanning several lines is parsed in full instead (writers then encode it on one line).
     */
    public static CloudEvent parseAttributes(byte[] json) {
        CloudEvent event;
        try {
            event = AttributeReader.read(json);
        } catch (EnvelopeException e) {
            if (isSingleLine(json, 0, json.length)) {
                throw e;
            }
            return parse(json); // refused as parse refuses it, in its words
        }
        return event != null ? event : parse(json);
    }

    /** The data of a structured event (null when it has none). */
    static EventData dataOf(byte[] json) {
        return data(readTree(json));
    }

    public static CloudEvent parse(String json) {
        return parse(json.getBytes(StandardCharsets.UTF_8));
    }

    /** Parses a batch (a JSON array of structured events). */
    public static List<CloudEvent> parseBatch(byte[] json) {
        JsonNode root = readTree(json);
        if (!root.isArray()) {
            throw new EnvelopeException(null, "A CloudEvents batch must be a JSON array");
        }
        List<CloudEvent> events = new ArrayList<>(root.size());
        for (JsonNode node : root) {
            events.add(fromNode(node));
        }
        return events;
    }

    /**
     * Reads a batch for its events' attributes ({@link #parseAttributes}): each event keeps the bytes it has in the
     * batch as its encoding, so what ingest encoded is what the sinks store.
     */
    public static List<CloudEvent> parseBatchAttributes(byte[] json) {
        List<CloudEvent> events = new ArrayList<>();
        BatchSlicer.forEachElement(json, (from, to) -> {
            events.add(parseAttributes(Arrays.copyOfRange(json, from, to)));
        });
        return events;
    }

    /** Whether the bytes hold no line break (JSON strings cannot: theirs are escaped). */
    static boolean isSingleLine(byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] == '\n' || bytes[i] == '\r') {
                return false;
            }
        }
        return true;
    }

    /** Reads JSON text into a tree, failing with an {@link EnvelopeException} on malformed input. */
    public static JsonNode readTree(byte[] json) {
        try {
            JsonNode root = MAPPER.readTree(json);
            if (root == null || root.isMissingNode()) {
                throw new EnvelopeException(null, "The body is empty");
            }
            return root;
        } catch (JsonProcessingException e) {
            throw new EnvelopeException(null, "Malformed JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new EnvelopeException(null, "Unreadable JSON: " + e.getMessage(), e);
        }
    }

    /** Decodes one event from its JSON object, checking the CloudEvents attribute rules. */
    public static CloudEvent fromNode(JsonNode node) {
        if (!node.isObject()) {
            throw new EnvelopeException(null, "A CloudEvent must be a JSON object");
        }
        String specversion = requiredString(node, "specversion");
        if (!CloudEvent.SPEC_VERSION.equals(specversion)) {
            throw new EnvelopeException("specversion", "specversion must be \"1.0\", not \"" + specversion + "\"");
        }
        String time = optionalString(node, "time");
        if (time != null) {
            requireTimestamp("time", time);
        }
        Map<String, Object> extensions = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (!CONTEXT_ATTRIBUTES.contains(field.getKey()) && !field.getValue().isNull()) {
                extensions.put(field.getKey(), extensionValue(field.getKey(), field.getValue()));
            }
        }
        return new CloudEvent(specversion, requiredString(node, "id"), requiredString(node, "source"),
                requiredString(node, "type"), time, optionalString(node, "subject"),
                optionalString(node, "datacontenttype"), optionalString(node, "dataschema"), extensions, data(node));
    }

    /** Encodes one event as a single line of structured JSON: the encoding it carries, if any, as it is. */
    public static byte[] write(CloudEvent event) {
        if (event.json() != null) {
            return event.json();
        }
        return encode(generator -> writeEvent(generator, event), event.id());
    }

    public static String writeString(CloudEvent event) {
        return new String(write(event), StandardCharsets.UTF_8);
    }

    /** Encodes a batch as a JSON array (events carrying an encoding contribute it as it is). */
    public static byte[] writeBatch(List<CloudEvent> events) {
        return encode(generator -> {
            generator.writeStartArray();
            for (CloudEvent event : events) {
                if (event.json() != null) {
                    generator.writeRawValue(new String(event.json(), StandardCharsets.UTF_8));
                } else {
                    writeEvent(generator, event);
                }
            }
            generator.writeEndArray();
        }, "batch");
    }

    @FunctionalInterface
    private interface JsonWriting {
        void writeTo(JsonGenerator generator) throws IOException;
    }

    /** Streams the JSON straight into bytes: no intermediate tree per event (this runs for every event, often twice). */
    private static byte[] encode(JsonWriting writing, String what) {
        ByteArrayBuilder bytes = new ByteArrayBuilder(512);
        try (JsonGenerator generator = MAPPER.getFactory().createGenerator(bytes)) {
            writing.writeTo(generator);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot encode " + what, e);
        }
        return bytes.toByteArray();
    }

    private static void writeEvent(JsonGenerator generator, CloudEvent event) throws IOException {
        generator.writeStartObject();
        generator.writeStringField("specversion", event.specversion());
        generator.writeStringField("id", event.id());
        generator.writeStringField("source", event.source());
        generator.writeStringField("type", event.type());
        writeIfPresent(generator, "time", event.time());
        writeIfPresent(generator, "subject", event.subject());
        writeIfPresent(generator, "datacontenttype", event.datacontenttype());
        writeIfPresent(generator, "dataschema", event.dataschema());
        for (Map.Entry<String, Object> extension : event.extensions().entrySet()) {
            generator.writeFieldName(extension.getKey());
            if (extension.getValue() instanceof Boolean flag) {
                generator.writeBoolean(flag);
            } else if (extension.getValue() instanceof Integer number) {
                generator.writeNumber(number);
            } else {
                generator.writeString(extension.getValue().toString());
            }
        }
        if (event.data() instanceof EventData.Json json) {
            generator.writeFieldName("data");
            MAPPER.writeTree(generator, json.value());
        } else if (event.data() instanceof EventData.Binary binary) {
            generator.writeStringField("data_base64", Base64.getEncoder().encodeToString(binary.bytes()));
        }
        generator.writeEndObject();
    }

    /** Checks an RFC 3339 timestamp, naming the attribute when it is not one. */
    public static void requireTimestamp(String attribute, String value) {
        if (TimestampForm.isCommonValid(value)) {
            return;
        }
        try {
            OffsetDateTime.parse(value);
        } catch (DateTimeParseException e) {
            throw new EnvelopeException(attribute, attribute + " must be an RFC 3339 timestamp, not \"" + value + "\"");
        }
    }

    private static EventData data(JsonNode node) {
        JsonNode data = node.get("data");
        JsonNode base64 = node.get("data_base64");
        boolean hasData = data != null && !data.isNull();
        boolean hasBase64 = base64 != null && !base64.isNull();
        if (hasData && hasBase64) {
            throw new EnvelopeException("data_base64", "An event carries either data or data_base64, not both");
        }
        if (hasBase64) {
            if (!base64.isTextual()) {
                throw new EnvelopeException("data_base64", "data_base64 must be a string");
            }
            try {
                return new EventData.Binary(Base64.getDecoder().decode(base64.textValue()));
            } catch (IllegalArgumentException e) {
                throw new EnvelopeException("data_base64", "data_base64 is not valid Base64: " + e.getMessage());
            }
        }
        return hasData ? new EventData.Json(data) : null;
    }

    /** Checks an extension attribute's name. */
    static void requireExtensionName(String name) {
        if (!isExtensionName(name)) {
            throw new EnvelopeException(name, "Attribute name \"" + name + "\" must consist of lower-case letters a-z and digits 0-9");
        }
    }

    /** Lower-case letters a-z and digits 0-9, at least one (checked per event: no regular expression). */
    private static boolean isExtensionName(String name) {
        if (name.isEmpty()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= '0' && c <= '9')) {
                return false;
            }
        }
        return true;
    }

    static EnvelopeException badExtensionValue(String name) {
        return new EnvelopeException(name, "Extension attribute \"" + name + "\" must be a string, a boolean or a 32-bit integer");
    }

    private static Object extensionValue(String name, JsonNode value) {
        requireExtensionName(name);
        if (value.isTextual()) {
            return value.textValue();
        }
        if (value.isBoolean()) {
            return value.booleanValue();
        }
        if (value.isIntegralNumber() && value.canConvertToInt()) {
            return value.intValue();
        }
        throw badExtensionValue(name);
    }

    private static String requiredString(JsonNode node, String name) {
        String value = optionalString(node, name);
        if (value == null || value.isEmpty()) {
            throw new EnvelopeException(name, "Required attribute \"" + name + "\" is missing or empty");
        }
        return value;
    }

    private static String optionalString(JsonNode node, String name) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw new EnvelopeException(name, "Attribute \"" + name + "\" must be a string");
        }
        return value.textValue();
    }

    private static void writeIfPresent(JsonGenerator generator, String name, String value) throws IOException {
        if (value != null) {
            generator.writeStringField(name, value);
        }
    }
}
