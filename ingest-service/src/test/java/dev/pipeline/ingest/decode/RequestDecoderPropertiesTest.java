package dev.pipeline.ingest.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.pipeline.envelope.CloudEvent;
import dev.pipeline.envelope.CloudEventJson;
import dev.pipeline.ingest.config.IngestConfig;
import dev.pipeline.ingest.service.EventEnricher;
import dev.pipeline.support.problem.ProblemException;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/**
 * Random attribute values, headers and bodies thrown at decoding and validation never cause anything but
 * acceptance or a 4xx problem, and whatever is accepted encodes to JSON the router's codec reads back unchanged.
 */
class RequestDecoderPropertiesTest {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final List<String> ATTRIBUTES = List.of("specversion", "id", "source", "type", "time", "subject",
            "datacontenttype", "dataschema", "data", "data_base64", "partitionkey", "ingesttime");
    private static final List<String> CONTENT_TYPES = List.of("application/cloudevents+json",
            "application/cloudevents-batch+json", "application/cloudevents+json; charset=utf-8", "application/json",
            "text/plain", "application/octet-stream", "application/cloudevents+avro", "", "*/*", "a/b;c");

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

    @Property(tries = 400)
    void randomAttributesInStructuredEvents(@ForAll("events") ObjectNode event) {
        intake("application/cloudevents+json", Map.of(), bytes(event));
    }

    @Property(tries = 200)
    void randomBatches(@ForAll("batches") ArrayNode batch) {
        intake("application/cloudevents-batch+json", Map.of(), bytes(batch));
    }

    @Property(tries = 300)
    void randomHeadersAndBodiesInAnyMode(@ForAll("contentTypes") String contentType,
            @ForAll("ceHeaders") Map<String, List<String>> headers, @ForAll byte[] body) {
        intake(contentType, headers, body);
    }

    @Property(tries = 300)
    void randomTextBodies(@ForAll("contentTypes") String contentType, @ForAll String body) {
        intake(contentType, Map.of(), body.getBytes(StandardCharsets.UTF_8));
    }

    /** Runs one request through decoding, validation, enrichment and encoding; only 4xx problems may escape. */
    private void intake(String contentType, Map<String, List<String>> headers, byte[] body) {
        List<CloudEvent> events;
        try {
            events = enricher.enrichAll(decoder.decode(contentType, headers, body), Instant.now());
        } catch (ProblemException problem) {
            int status = problem.problem().status();
            assertTrue(status >= 400 && status < 500, "a producer's input gave " + status + ": " + problem.getMessage());
            Statistics.collect(String.valueOf(status));
            return;
        }
        for (CloudEvent event : events) {
            byte[] encoded = CloudEventJson.write(event);
            assertEquals(event, CloudEventJson.parse(encoded), "the router reads back exactly what ingest accepted");
        }
        Statistics.collect("accepted");
    }

    @Provide
    Arbitrary<ObjectNode> events() {
        Arbitrary<Map<String, JsonNode>> known = Arbitraries.maps(Arbitraries.of(ATTRIBUTES), values()).ofMaxSize(12);
        Arbitrary<Map<String, JsonNode>> extensions = Arbitraries.maps(names(), values()).ofMaxSize(3);
        return Combinators.combine(known, extensions, Arbitraries.of(true, false)).as((attributes, more, valid) -> {
            ObjectNode node = JSON.objectNode();
            if (valid) {
                // a plausible base, so that the random values also reach the deeper rules
                node.put("specversion", "1.0").put("id", "1").put("source", "urn:x").put("type", "t");
            }
            attributes.forEach(node::set);
            more.forEach(node::set);
            return node;
        });
    }

    @Provide
    Arbitrary<ArrayNode> batches() {
        return events().list().ofMaxSize(12).map(list -> {
            ArrayNode array = JSON.arrayNode();
            list.forEach(array::add);
            return array;
        });
    }

    @Provide
    Arbitrary<String> contentTypes() {
        return Arbitraries.oneOf(Arbitraries.of(CONTENT_TYPES), Arbitraries.strings().ofMaxLength(40));
    }

    @Provide
    Arbitrary<Map<String, List<String>>> ceHeaders() {
        Arbitrary<String> names = Arbitraries.oneOf(Arbitraries.of(ATTRIBUTES), names()).map(name -> "ce-" + name);
        Arbitrary<String> text = Arbitraries.oneOf(Arbitraries.of("1.0", "urn:x", "2025-01-01T00:00:00Z", "%", "%C3%A9",
                "%ff%fe", "%zz"), Arbitraries.strings().ofMaxLength(30));
        Arbitrary<Map<String, List<String>>> random = Arbitraries.maps(names, text.list().ofMinSize(1).ofMaxSize(2))
                .ofMaxSize(8);
        return Combinators.combine(random, Arbitraries.of(true, false)).as((headers, plausible) -> {
            Map<String, List<String>> all = new HashMap<>(headers);
            all.putIfAbsent("ce-specversion", List.of("1.0"));
            if (plausible) {
                all.putIfAbsent("ce-id", List.of("1"));
                all.putIfAbsent("ce-source", List.of("urn:x"));
                all.putIfAbsent("ce-type", List.of("t"));
            }
            return all;
        });
    }

    private static Arbitrary<String> names() {
        return Arbitraries.oneOf(Arbitraries.strings().withCharRange('a', 'z').numeric().ofMinLength(1).ofMaxLength(12),
                Arbitraries.strings().ofMaxLength(12));
    }

    private static Arbitrary<JsonNode> values() {
        return Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(40).map(JSON::textNode),
                Arbitraries.strings().all().ofMaxLength(20).map(JSON::textNode),
                Arbitraries.of("1.0", "", "urn:x", "2025-01-01T00:00:00Z", "2025-02-30T00:00:00Z", "application/json",
                        "http://example.com/schema", "AA==", "!!").map(JSON::textNode),
                Arbitraries.integers().map(JSON::numberNode),
                Arbitraries.bigIntegers().between(BigInteger.valueOf(Long.MIN_VALUE).multiply(BigInteger.TEN),
                        BigInteger.valueOf(Long.MAX_VALUE).multiply(BigInteger.TEN)).map(JSON::numberNode),
                Arbitraries.bigDecimals().ofScale(3).map(JSON::numberNode),
                Arbitraries.of(JSON.booleanNode(true), JSON.nullNode(), JSON.arrayNode(), JSON.objectNode()),
                Arbitraries.strings().ofMaxLength(5).list().ofMaxSize(3)
                        .map(items -> JSON.arrayNode().addAll(items.stream().map(JSON::textNode)
                                .collect(Collectors.toList()))));
    }

    private static byte[] bytes(JsonNode node) {
        return node.toString().getBytes(StandardCharsets.UTF_8);
    }

}
