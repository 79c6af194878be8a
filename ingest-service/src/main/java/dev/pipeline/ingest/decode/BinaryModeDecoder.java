package dev.pipeline.ingest.decode;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import dev.pipeline.envelope.CloudEvent;
import dev.pipeline.envelope.DataCodec;
import dev.pipeline.envelope.EnvelopeException;
import dev.pipeline.envelope.EventData;
import dev.pipeline.support.problem.ProblemException;

/** The binary content mode: attributes in {@code ce-*} headers, {@code datacontenttype} in Content-Type, the body as data. */
public final class BinaryModeDecoder {

    /** Prefix of the headers that carry attributes. */
    public static final String HEADER_PREFIX = "ce-";
    private static final Set<String> NOT_HEADERS = Set.of("datacontenttype", "data", "data_base64");

    private BinaryModeDecoder() {
    }

    /** The {@code ce-*} headers by attribute name (lower case, prefix removed), percent-decoded. */
    public static Map<String, String> attributes(Map<String, List<String>> headers) {
        Map<String, String> attributes = new TreeMap<>();
        headers.forEach((name, values) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            if (!lower.startsWith(HEADER_PREFIX) || values == null || values.isEmpty()) {
                return;
            }
            String attribute = lower.substring(HEADER_PREFIX.length());
            if (values.size() > 1 || attributes.containsKey(attribute)) {
                throw new EnvelopeException(attribute, "Header " + name + " is repeated");
            }
            attributes.put(attribute, HeaderValues.percentDecode(attribute, values.get(0)));
        });
        return attributes;
    }

    /** The event of a binary-mode request. */
    public static CloudEvent decode(Map<String, String> headerAttributes, String contentType, byte[] body) {
        Map<String, String> attributes = new TreeMap<>(headerAttributes);
        for (String name : NOT_HEADERS) {
            if (attributes.containsKey(name)) {
                throw new EnvelopeException(name, "Header ce-" + name + " is not allowed in binary mode; "
                        + (name.equals("datacontenttype") ? "use Content-Type" : "the body is the data"));
            }
        }
        String specversion = attributes.remove("specversion");
        if (!CloudEvent.SPEC_VERSION.equals(specversion)) {
            throw new EnvelopeException("specversion", "specversion must be \"1.0\", not \"" + specversion + "\"");
        }
        String id = attributes.remove("id");
        String source = attributes.remove("source");
        String type = attributes.remove("type");
        String time = attributes.remove("time");
        String subject = attributes.remove("subject");
        String dataschema = attributes.remove("dataschema");
        Map<String, Object> extensions = new TreeMap<>(attributes);
        return new CloudEvent(specversion, id, source, type, time, subject, contentType, dataschema, extensions,
                data(contentType, body));
    }

    private static EventData data(String contentType, byte[] body) {
        if (body == null || body.length == 0) {
            return null;
        }
        if (contentType == null) {
            return new EventData.Binary(body);
        }
        if (DataCodec.isJson(contentType)) {
            try {
                return new EventData.Json(StrictJson.read(body, "body"));
            } catch (ProblemException notJson) {
                throw new EnvelopeException("data", "Content-Type " + contentType + " declares JSON: "
                        + notJson.getMessage());
            }
        }
        return DataCodec.fromBytes(body, contentType);
    }
}
