package dev.pipeline.ingest.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import dev.pipeline.envelope.CloudEvent;

/** Enrichment: time when absent, ingesttime with microseconds rising through a batch, partitionkey when absent. */
class EventEnricherTest {

    private final EventEnricher enricher = new EventEnricher();

    @Test
    void batchGetsStrictlyIncreasingIngestTimes() {
        Instant at = Instant.parse("2025-05-01T10:00:00.123456789Z");
        List<CloudEvent> batch = List.of(event("1", null, null), event("2", "s", null),
                event("3", null, "2024-01-01T00:00:00Z"));
        List<CloudEvent> enriched = IntStream.range(0, batch.size())
                .mapToObj(i -> enricher.enrich(batch.get(i), EventEnricher.receivedAt(at, i))).toList();

        assertEquals(List.of("2025-05-01T10:00:00.123456Z", "2025-05-01T10:00:00.123457Z", "2025-05-01T10:00:00.123458Z"),
                enriched.stream().map(e -> e.extension(CloudEvent.INGEST_TIME)).toList());
        assertEquals("2025-05-01T10:00:00.123456Z", enriched.get(0).time());
        assertEquals("2024-01-01T00:00:00Z", enriched.get(2).time(), "the producer's time is kept");
        assertEquals(List.of("1", "s", "3"), enriched.stream().map(e -> e.extension(CloudEvent.PARTITION_KEY)).toList());
    }

    @Test
    void producerIngestTimeIsReplaced() {
        CloudEvent event = event("1", null, null).withExtension(CloudEvent.INGEST_TIME, "forged");
        assertEquals("2025-05-01T10:00:00.000000Z",
                enricher.enrich(event, Instant.parse("2025-05-01T10:00:00Z")).extension(CloudEvent.INGEST_TIME));
    }

    private static CloudEvent event(String id, String subject, String time) {
        return new CloudEvent("1.0", id, "urn:x", "t", time, subject, null, null, Map.of(), null);
    }
}
