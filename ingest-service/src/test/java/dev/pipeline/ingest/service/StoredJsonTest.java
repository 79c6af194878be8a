package dev.pipeline.ingest.service;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.pipeline.envelope.CloudEvent;
import dev.pipeline.envelope.CloudEventJson;
import dev.pipeline.ingest.config.IngestConfig;
import dev.pipeline.ingest.decode.RequestDecoder;

/**
 * The stored JSON of an accepted event is the producer's own object with ingest's attributes added: the same event as
 * the enriched one encoded, without encoding it again; where the producer's bytes cannot be kept, the encoding.
 */
class StoredJsonTest {

    private static final Instant RECEIVED = Instant.parse("2025-05-01T10:00:00.123456789Z");
    private static final String BATCH = "application/cloudevents-batch+json";

    private final EventEnricher enricher = new EventEnricher();
    private final RequestDecoder decoder = new RequestDecoder(new Limits());

    @Test
    void eachEventOfABatchKeepsTheProducersBytesWithIngestsAttributesAdded() {
        String first = "{\"specversion\":\"1.0\",\"id\":\"a\",\"source\":\"/s\",\"type\":\"t\","
                + "\"data\":{\"text\":\"braces } ] { and a quote \\\" inside\",\"n\":1.50}}";
        String second = "{ \"specversion\" : \"1.0\", \"id\":\"b\", \"source\":\"/s\", \"type\":\"t\", "
                + "\"subject\":\"k \\\"quoted\\\" é\", \"time\":\"2024-01-01T00:00:00Z\" }";
        String third = "{\"specversion\":\"1.0\",\"id\":\"c\",\"source\":\"/s\",\"type\":\"t\",\"partitionkey\":\"given\","
                + "\"data_base64\":\"AAEC\"}";
        byte[] body = ("[ " + first + " ,\t" + second + "," + third + " ]").getBytes(StandardCharsets.UTF_8);
        RequestDecoder.Decoded decoded = decoder.decodeRequest(BATCH, Map.of(), body);

        List<String> objects = List.of(first, second, third);
        for (int i = 0; i < objects.size(); i++) {
            CloudEvent event = decoded.events().get(i);
            Instant at = EventEnricher.receivedAt(RECEIVED, i);
            byte[] stored = enricher.storedJson(event, body, decoded.span(i), at);
            String producers = objects.get(i);
            assertTrue(new String(stored, StandardCharsets.UTF_8).startsWith(producers.substring(0, producers.lastIndexOf('}'))),
                    "the producer's bytes, as sent: " + new String(stored, StandardCharsets.UTF_8));
            assertEquals(CloudEventJson.parse(CloudEventJson.write(enricher.enrich(event, at))), CloudEventJson.parse(stored),
                    "the same event as the enriched one encoded");
        }
    }

    @Test
    void aPrettyPrintedEventIsEncodedAgainOntoOneLine() {
        String pretty = "{\n  \"specversion\": \"1.0\",\n  \"id\": \"p\",\n  \"source\": \"/s\",\n  \"type\": \"t\"\n}";
        assertEncodedAgain(pretty, "application/cloudevents+json");
    }

    @Test
    void anEventWithAMemberSetToNullIsEncodedAgainWithoutIt() {
        assertEncodedAgain("{\"specversion\":\"1.0\",\"id\":\"z\",\"source\":\"/s\",\"type\":\"t\",\"subject\":null}",
                "application/cloudevents+json");
    }

    @Test
    void aProducersOwnIngestTimeIsReplacedByEncodingTheEventAgain() {
        assertEncodedAgain("[{\"specversion\":\"1.0\",\"id\":\"f\",\"source\":\"/s\",\"type\":\"t\",\"ingesttime\":\"forged\"}]",
                BATCH);
    }

    @Test
    void aNullInsideTheDataIsTheProducersAndStays() {
        String json = "{\"specversion\":\"1.0\",\"id\":\"d\",\"source\":\"/s\",\"type\":\"t\",\"data\":{\"gone\":null}}";
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        RequestDecoder.Decoded decoded = decoder.decodeRequest("application/cloudevents+json", Map.of(), body);
        byte[] stored = enricher.storedJson(decoded.events().get(0), body, decoded.span(0), RECEIVED);
        assertTrue(new String(stored, StandardCharsets.UTF_8).startsWith(json.substring(0, json.length() - 1)));
    }

    private void assertEncodedAgain(String json, String contentType) {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        RequestDecoder.Decoded decoded = decoder.decodeRequest(contentType, Map.of(), body);
        CloudEvent event = decoded.events().get(0);
        assertArrayEquals(CloudEventJson.write(enricher.enrich(event, RECEIVED)),
                enricher.storedJson(event, body, decoded.span(0), RECEIVED));
    }

    private static final class Limits implements IngestConfig.Limits {
        @Override
        public int maxRequestBytes() {
            return 1 << 20;
        }

        @Override
        public int maxEvents() {
            return 100;
        }

        @Override
        public int maxEventBytes() {
            return 1 << 20;
        }
    }
}
