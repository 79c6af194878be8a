package dev.pipeline.ingest.service;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import dev.pipeline.envelope.CloudEvent;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Completes an accepted event: {@code time} when absent, the {@code ingesttime} extension, and the
 * {@code partitionkey} extension when absent (from subject, else id).
 */
@ApplicationScoped
public class EventEnricher {

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
        Instant first = receivedAt.truncatedTo(ChronoUnit.MICROS);
        List<CloudEvent> enriched = new ArrayList<>(events.size());
        for (int i = 0; i < events.size(); i++) {
            enriched.add(enrich(events.get(i), first.plus(i, ChronoUnit.MICROS)));
        }
        return enriched;
    }
}
