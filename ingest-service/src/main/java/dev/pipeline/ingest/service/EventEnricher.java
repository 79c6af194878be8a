package dev.pipeline.ingest.service;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

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
        String ingestTime = RFC3339_MICROS.format(receivedAt.truncatedTo(ChronoUnit.MICROS));
        CloudEvent enriched = event.time() == null ? event.withTime(ingestTime) : event;
        enriched = enriched.withExtension(CloudEvent.INGEST_TIME, ingestTime);
        if (enriched.extension(CloudEvent.PARTITION_KEY) == null) {
            enriched = enriched.withExtension(CloudEvent.PARTITION_KEY, enriched.partitionKey());
        }
        return enriched;
    }

    /** Enriches the events of one request; each gets an ingesttime 1 µs after the previous one, so order shows. */
    public List<CloudEvent> enrichAll(List<CloudEvent> events, Instant receivedAt) {
        List<CloudEvent> enriched = new ArrayList<>(events.size());
        for (int i = 0; i < events.size(); i++) {
            enriched.add(enrich(events.get(i), receivedAt(receivedAt, i)));
        }
        return enriched;
    }

    /** When event {@code index} of a request received at {@code receivedAt} counts as received: 1 µs after the previous. */
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
        String ingestTime = RFC3339_MICROS.format(receivedAt.truncatedTo(ChronoUnit.MICROS));
        StringBuilder added = new StringBuilder(96);
        if (event.time() == null) {
            added.append(",\"time\":\"").append(ingestTime).append('"');
        }
        added.append(",\"").append(CloudEvent.INGEST_TIME).append("\":\"").append(ingestTime).append('"');
        byte[] ascii = added.toString().getBytes(StandardCharsets.US_ASCII);
        byte[] key = event.extension(CloudEvent.PARTITION_KEY) == null
                ? JsonStringEncoder.getInstance().quoteAsUTF8(event.partitionKey()) : null;
        int objectLength = span.end() - span.start() - 1; // up to its closing brace
        int length = objectLength + ascii.length + (key == null ? 0 : PARTITION_KEY_MEMBER.length + key.length + 1) + 1;
        byte[] json = new byte[length];
        System.arraycopy(body, span.start(), json, 0, objectLength);
        int at = objectLength;
        System.arraycopy(ascii, 0, json, at, ascii.length);
        at += ascii.length;
        if (key != null) {
            System.arraycopy(PARTITION_KEY_MEMBER, 0, json, at, PARTITION_KEY_MEMBER.length);
            at += PARTITION_KEY_MEMBER.length;
            System.arraycopy(key, 0, json, at, key.length);
            at += key.length;
            json[at++] = '"';
        }
        json[at] = '}';
        return json;
    }
}
