package dev.pipeline.envelope;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;

/**
 * Turns event data into the raw bytes of the binary content mode (Kafka value, HTTP body) and back, guided
 * by {@code datacontenttype}: JSON types carry JSON text, {@code text/*} carries UTF-8, anything else is opaque.
 */
public final class DataCodec {

    private DataCodec() {
    }

    /** The bytes of the event's data, or null when it has none. */
    public static byte[] toBytes(CloudEvent event) {
        if (event.data() == null) {
            return null;
        }
        if (event.data() instanceof EventData.Binary binary) {
            return binary.bytes();
        }
        JsonNode value = ((EventData.Json) event.data()).value();
        if (value.isTextual() && !isJson(event.datacontenttype())) {
            return value.textValue().getBytes(StandardCharsets.UTF_8);
        }
        try {
            return CloudEventJson.MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot encode data of event " + event.id(), e);
        }
    }

    /** Data from raw bytes and their content type; null bytes mean no data. */
    public static EventData fromBytes(byte[] bytes, String contentType) {
        if (bytes == null) {
            return null;
        }
        if (isJson(contentType)) {
            try {
                JsonNode value = CloudEventJson.MAPPER.readTree(bytes);
                if (value != null && !value.isMissingNode()) {
                    return new EventData.Json(value);
                }
            } catch (IOException notJson) {
                // declared JSON but is not: keep the bytes exactly as sent
            }
            return new EventData.Binary(bytes);
        }
        if (isText(contentType)) {
            try {
                String text = StandardCharsets.UTF_8.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(bytes)).toString();
                return new EventData.Json(TextNode.valueOf(text));
            } catch (CharacterCodingException notUtf8) {
                return new EventData.Binary(bytes);
            }
        }
        return new EventData.Binary(bytes);
    }

    /** JSON media types: absent (JSON is the format's default), application/json and any {@code +json}. */
    public static boolean isJson(String contentType) {
        if (contentType == null) {
            return true;
        }
        String base = baseType(contentType);
        return base.equals("application/json") || base.endsWith("+json") || base.equals("text/json");
    }

    private static boolean isText(String contentType) {
        String base = baseType(contentType);
        return base.startsWith("text/") || base.equals("application/xml") || base.endsWith("+xml");
    }

    private static String baseType(String contentType) {
        int semicolon = contentType.indexOf(';');
        return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
    }
}
