package dev.pipeline.ingest.decode;

import java.util.Locale;

import dev.pipeline.envelope.CloudEventJson;
import dev.pipeline.ingest.service.IngestProblems;

/** The CloudEvents HTTP content modes, told apart by Content-Type and the presence of {@code ce-specversion}. */
public enum ContentMode {
    STRUCTURED, BATCH, BINARY;

    /** The mode of a request; 415 when it is none of them. */
    public static ContentMode of(String contentType, boolean hasSpecVersionHeader) {
        String base = baseType(contentType);
        if (base.equals(CloudEventJson.MEDIA_TYPE)) {
            return STRUCTURED;
        }
        if (base.equals(CloudEventJson.BATCH_MEDIA_TYPE)) {
            return BATCH;
        }
        if (base.startsWith("application/cloudevents")) {
            throw IngestProblems.unsupportedMediaType("Only the JSON event format is supported: send "
                    + CloudEventJson.MEDIA_TYPE + " or " + CloudEventJson.BATCH_MEDIA_TYPE + ", not " + base);
        }
        if (hasSpecVersionHeader) {
            return BINARY;
        }
        throw IngestProblems.unsupportedMediaType("Content-Type \"" + (base.isEmpty() ? "(none)" : base)
                + "\" is not a CloudEvents format and there is no ce-specversion header: send "
                + CloudEventJson.MEDIA_TYPE + ", " + CloudEventJson.BATCH_MEDIA_TYPE
                + ", or binary mode (ce-* headers, the data as the body)");
    }

    /** The media type without parameters, lower case; empty when absent. */
    static String baseType(String contentType) {
        if (contentType == null) {
            return "";
        }
        int semicolon = contentType.indexOf(';');
        return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
    }
}
