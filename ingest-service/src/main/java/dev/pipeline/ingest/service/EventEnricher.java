package dev.pipeline.ingest.service;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

import com.fasterxml.jackson.core.io.JsonStringEncoder;

import dev.pipeline.envelope.CloudEvent;
import dev.pipeline.envelope.CloudEventJson;
import dev.pipeline.ingest.decode.EventSpan;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Completes an accepted event: {@code time} when absent, the {@code ingesttime} extension, and the
 * {@code partitionkey} extension when absent (from subject, else id).
 */
@ApplicationScoped
public class EventEnricher {

    private static final byte[] PARTITION_KEY_MEMBER = (",\"" + CloudEvent.PARTITION_KEY + "\":\"")
            .getBytes(StandardCharsets.US_ASCII);
    private static final DateTimeFormatter RFC3339_MICROS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'")
            .withZone(ZoneOffset.UTC);

    /** Enriches an event received at {@code receivedAt}. */
    public CloudEvent enrich(CloudEvent event, Instant receivedAt) {
        String ingestTime = ingestTime(receivedAt);
        CloudEvent enriched = event.time() == null ? event.withTime(ingestTime) : event;
        enriched = enriched.withExtension(CloudEvent.INGEST_TIME, ingestTime);
        if (enriched.extension(CloudEvent.PARTITION_KEY) == null) {
            enriched = enriched.withExtension(CloudEvent.PARTITION_KEY, enriched.partitionKey());
        }
        return enriched;
    }

    /**
     * When event {@code index} of a request received at {@code receivedAt} counts as received: 1 µs after the previous,
     * so the order of a batch shows in its ingesttimes.
     */
    public static Instant receivedAt(Instant receivedAt, int index) {
        return receivedAt.truncatedTo(ChronoUnit.MICROS).plus(index, ChronoUnit.MICROS);
    }

    /**
     * The enriched event as structured JSON: the producer's own object ({@code span} of {@code body}) with the
     * attributes {@link #enrich} adds written before its closing brace, so the event is not encoded again. Where those
     * bytes cannot be kept ({@code span} null or not storable, or the producer set {@code ingesttime} itself, which
     * enrich replaces) the enriched event is encoded.
     */
    public byte[] storedJson(CloudEvent event, byte[] body, EventSpan span, Instant receivedAt) {
        if (span == null || !span.storable() || event.extension(CloudEvent.INGEST_TIME) != null) {
            return CloudEventJson.write(enrich(event, receivedAt));
        }
        String ingestTime = ingestTime(receivedAt);
        StringBuilder added = new StringBuilder(96);
        if (event.time() == null) {
            added.append(",\"time\":\"").append(ingestTime).append('"');
        }
        added.append(",\"").append(CloudEvent.INGEST_TIME).append("\":\"").append(ingestTime).append('"');
        ByteArrayOutputStream json = new ByteArrayOutputStream(span.end() - span.start() + 128);
        json.write(body, span.start(), span.end() - span.start() - 1); // up to its closing brace
        json.writeBytes(added.toString().getBytes(StandardCharsets.US_ASCII));
        if (event.extension(CloudEvent.PARTITION_KEY) == null) {
            json.writeBytes(PARTITION_KEY_MEMBER);
            json.writeBytes(JsonStringEncoder.getInstance().quoteAsUTF8(event.partitionKey()));
            json.write('"');
        }
        json.write('}');
        return json.toByteArray();
    }

    private static String ingestTime(Instant receivedAt) {
        return RFC3339_MICROS.format(receivedAt.truncatedTo(ChronoUnit.MICROS));
    }
}
