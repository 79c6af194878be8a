package dev.pipeline.ingest.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.pipeline.envelope.CloudEvent;
import dev.pipeline.envelope.CloudEventJson;
import dev.pipeline.ingest.config.IngestConfig;
import dev.pipeline.ingest.service.EventEnricher;
import dev.pipeline.support.problem.ProblemException;
/**
 * Random attribute values, headers and bodies thrown at decoding and validation never cause anything but
 * acceptance or a 4xx problem, and whatever is accepted is stored as JSON the router's codec reads back unchanged.
 */
class RequestDecoderPropertiesTest {

    private final RequestDecoder decoder = new RequestDecoder(new IngestConfig.Limits() {
        @Override
        public int maxEventBytes() {
            return 4096;
        }

        @Override
        public int maxRequestBytes() {
            return 65536;
        }

        @Override
        public int maxEvents() {
            return 10;
        }
    });
    private final EventEnricher enricher = new EventEnricher();

    @Test
    void randomAttributesInStructuredEvents() {
        forAll(400, random -> intake("application/cloudevents+json", Map.of(), bytes(random.event())));
    }

    @Test
    void randomBatches() {
        forAll(200, random -> intake("application/cloudevents-batch+json", Map.of(), bytes(random.batch())));
    }

    @Test
    void randomHeadersAndBodiesInAnyMode() {
        forAll(300, random -> intake(random.contentType(), random.ceHeaders(), random.bytes(64)));
    }

    @Test
    void randomTextBodies() {
        forAll(300, random -> intake(random.contentType(), Map.of(), random.text(60).getBytes(StandardCharsets.UTF_8)));
    }

    /** Runs {@code tries} cases from a fixed seed; a failure names the seed and case, so it can be replayed. */
    private static void forAll(int tries, Consumer<RandomInputs> property) {
        long seed = Long.getLong("properties.seed", 20201125L);
        RandomInputs random = new RandomInputs(new SplittableRandom(seed));
        for (int i = 0; i < tries; i++) {
            try {
                property.accept(random);
            } catch (AssertionError | RuntimeException e) {
                throw new AssertionError("case " + i + " of seed " + seed + " (-Dproperties.seed=" + seed + "): "
                        + e.getMessage(), e);
            }
        }
    }

    /**
     * Runs one request through decoding, validation and enrichment into the JSON ingest stores (the producer's bytes
     * where it keeps them); only 4xx problems may escape.
     */
    private void intake(String contentType, Map<String, List<String>> headers, byte[] body) {
        RequestDecoder.Decoded decoded;
        try {
            decoded = decoder.decodeRequest(contentType, headers, body);
        } catch (ProblemException problem) {
            int status = problem.problem().status();
            assertTrue(status >= 400 && status < 500, "a producer's input gave " + status + ": " + problem.getMessage());
            return;
        }
        Instant receivedAt = Instant.now();
        for (int i = 0; i < decoded.events().size(); i++) {
            Instant at = EventEnricher.receivedAt(receivedAt, i);
            CloudEvent event = decoded.events().get(i);
            byte[] stored = enricher.storedJson(event, decoded.body(), decoded.span(i), at);
            assertEquals(enricher.enrich(event, at), CloudEventJson.parse(stored),
                    "the router reads back exactly what ingest accepted");
        }
    }

    private static byte[] bytes(JsonNode node) {
        return node.toString().getBytes(StandardCharsets.UTF_8);
    }

}
