package dev.pipeline.ingest.decode;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import dev.pipeline.envelope.CloudEvent;
import dev.pipeline.envelope.EnvelopeException;

/**
 * The CloudEvents 1.0 rules the envelope codec leaves to the receiver: URI attributes, media type, strict
 * RFC 3339 time, attribute names, and the characters a CloudEvents String may hold.
 */
public final class EventRules {

    private static final Pattern RFC3339 = Pattern.compile(
            "\\d{4}-\\d{2}-\\d{2}[Tt]\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?([Zz]|[+-]\\d{2}:\\d{2})");
    private static final Pattern MEDIA_TYPE = Pattern.compile(
            "[A-Za-z0-9!#$&^_.+-]+/[A-Za-z0-9!#$&^_.+-]+\\s*(;.*)?", Pattern.DOTALL);
    private static final Pattern ATTRIBUTE_NAME = Pattern.compile("[a-z0-9]+");

    private EventRules() {
    }

    /** Throws an {@link EnvelopeException} naming the first attribute that breaks a rule. */
    public static void check(CloudEvent event) {
        requireNonEmpty("id", event.id());
        requireNonEmpty("source", event.source());
        requireNonEmpty("type", event.type());
        requireString("specversion", event.specversion());
        requireString("id", event.id());
        requireString("source", event.source());
        requireString("type", event.type());
        requireUriReference("source", event.source());
        if (event.subject() != null) {
            requireNonEmpty("subject", event.subject());
            requireString("subject", event.subject());
        }
        if (event.time() != null) {
            requireTime(event.time());
        }
        if (event.datacontenttype() != null && !MEDIA_TYPE.matcher(event.datacontenttype()).matches()) {
            throw new EnvelopeException("datacontenttype", "datacontenttype must be a media type such as "
                    + "application/json, not \"" + event.datacontenttype() + "\"");
        }
        if (event.dataschema() != null) {
            requireAbsoluteUri(event.dataschema());
        }
        for (Map.Entry<String, Object> extension : event.extensions().entrySet()) {
            checkExtension(extension.getKey(), extension.getValue());
        }
    }

    private static void checkExtension(String name, Object value) {
        if (!ATTRIBUTE_NAME.matcher(name).matches()) {
            throw new EnvelopeException(name, "Attribute name \"" + name
                    + "\" must consist of lower-case letters a-z and digits 0-9");
        }
        if (value instanceof String text) {
            requireString(name, text);
        } else if (!(value instanceof Integer) && !(value instanceof Boolean)) {
            throw new EnvelopeException(name, "Extension attribute \"" + name
                    + "\" must be a string, a boolean or a 32-bit integer");
        }
    }

    private static void requireTime(String time) {
        if (!RFC3339.matcher(time).matches()) {
            throw new EnvelopeException("time", "time must be an RFC 3339 timestamp such as 2025-01-31T12:00:00Z, not \""
                    + time + "\"");
        }
        try {
            OffsetDateTime.parse(time.toUpperCase(Locale.ROOT));
        } catch (DateTimeParseException e) {
            throw new EnvelopeException("time", "time is not a valid date and time: \"" + time + "\"");
        }
    }

    private static void requireUriReference(String attribute, String value) {
        try {
            new URI(value);
        } catch (URISyntaxException e) {
            throw new EnvelopeException(attribute, attribute + " must be a URI-reference: " + e.getReason());
        }
    }

    private static void requireAbsoluteUri(String value) {
        try {
            if (!new URI(value).isAbsolute()) {
                throw new EnvelopeException("dataschema", "dataschema must be an absolute URI, not \"" + value + "\"");
            }
        } catch (URISyntaxException e) {
            throw new EnvelopeException("dataschema", "dataschema must be an absolute URI: " + e.getReason());
        }
    }

    private static void requireNonEmpty(String attribute, String value) {
        if (value == null || value.isEmpty()) {
            throw new EnvelopeException(attribute, "Required attribute \"" + attribute + "\" is missing or empty");
        }
    }

    /** CloudEvents Strings exclude control characters, surrogates (unpaired) and noncharacters. */
    private static void requireString(String attribute, String value) {
        for (int i = 0; i < value.length(); ) {
            int cp = value.codePointAt(i);
            boolean control = cp <= 0x1F || (cp >= 0x7F && cp <= 0x9F);
            boolean surrogate = Character.isSurrogate((char) cp) && cp <= 0xFFFF;
            boolean nonCharacter = (cp >= 0xFDD0 && cp <= 0xFDEF) || (cp & 0xFFFE) == 0xFFFE;
            if (control || surrogate || nonCharacter) {
                throw new EnvelopeException(attribute, "Attribute \"" + attribute
                        + "\" holds a character CloudEvents does not allow (U+" + String.format("%04X", cp) + ")");
            }
            i += Character.charCount(cp);
        }
    }
}
