package dev.pipeline.ingest.decode;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Random producer input for the decoder's property tests: events with random and plausible attributes, batches,
 * content types, ce-* headers, bytes and text (any code point, control characters and lone surrogates included).
 */
final class RandomInputs {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final List<String> ATTRIBUTES = List.of("specversion", "id", "source", "type", "time", "subject",
            "datacontenttype", "dataschema", "data", "data_base64", "partitionkey", "ingesttime");
    private static final List<String> CONTENT_TYPES = List.of("application/cloudevents+json",
            "application/cloudevents-batch+json", "application/cloudevents+json; charset=utf-8", "application/json",
            "text/plain", "application/octet-stream", "application/cloudevents+avro", "", "*/*", "a/b;c");
    private static final List<String> TRICKY_VALUES = List.of("1.0", "", "urn:x", "2025-01-01T00:00:00Z",
            "2025-02-30T00:00:00Z", "application/json", "http://example.com/schema", "AA==", "!!");
    private static final List<String> TRICKY_HEADER_VALUES = List.of("1.0", "urn:x", "2025-01-01T00:00:00Z", "%",
            "%C3%A9", "%ff%fe", "%zz");

    private final SplittableRandom random;

    RandomInputs(SplittableRandom random) {
        this.random = random;
    }

    /** An event object: half the time on a valid base, so random values also reach the deeper rules. */
    ObjectNode event() {
        ObjectNode node = JSON.objectNode();
        if (random.nextBoolean()) {
            node.put("specversion", "1.0").put("id", "1").put("source", "urn:x").put("type", "t");
        }
        repeat(random.nextInt(13), () -> node.set(pick(ATTRIBUTES), value()));
        repeat(random.nextInt(4), () -> node.set(name(), value()));
        return node;
    }

    ArrayNode batch() {
        ArrayNode array = JSON.arrayNode();
        repeat(random.nextInt(13), () -> array.add(event()));
        return array;
    }

    String contentType() {
        return random.nextBoolean() ? pick(CONTENT_TYPES) : text(40);
    }

    Map<String, List<String>> ceHeaders() {
        Map<String, List<String>> headers = new HashMap<>();
        repeat(random.nextInt(9), () -> {
            List<String> values = new ArrayList<>();
            repeat(1 + random.nextInt(2), () -> values.add(random.nextBoolean() ? pick(TRICKY_HEADER_VALUES) : text(30)));
            headers.put("ce-" + (random.nextBoolean() ? pick(ATTRIBUTES) : name()), values);
        });
        headers.putIfAbsent("ce-specversion", List.of("1.0"));
        if (random.nextBoolean()) {
            headers.putIfAbsent("ce-id", List.of("1"));
            headers.putIfAbsent("ce-source", List.of("urn:x"));
            headers.putIfAbsent("ce-type", List.of("t"));
        }
        return headers;
    }

    byte[] bytes(int maxLength) {
        byte[] bytes = new byte[random.nextInt(maxLength + 1)];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) random.nextInt(256);
        }
        return bytes;
    }

    /** Text of any UTF-16 units: printable ASCII, control characters, non-ASCII and lone surrogates. */
    String text(int maxLength) {
        StringBuilder text = new StringBuilder();
        int length = random.nextInt(maxLength + 1);
        for (int i = 0; i < length; i++) {
            text.append(switch (random.nextInt(4)) {
                case 0 -> (char) (0x20 + random.nextInt(0x5f));
                case 1 -> (char) random.nextInt(0x20);
                case 2 -> (char) (0xa0 + random.nextInt(0x2000));
                default -> (char) random.nextInt(0x10000);
            });
        }
        return text.toString();
    }

    private String name() {
        if (random.nextBoolean()) {
            StringBuilder name = new StringBuilder();
            repeat(1 + random.nextInt(12), () -> name.append("abcdefghijklmnopqrstuvwxyz0123456789".charAt(random.nextInt(36))));
            return name.toString();
        }
        return text(12);
    }

    private JsonNode value() {
        return switch (random.nextInt(8)) {
            case 0 -> JSON.textNode(text(40));
            case 1 -> JSON.textNode(pick(TRICKY_VALUES));
            case 2 -> JSON.numberNode(random.nextInt());
            case 3 -> JSON.numberNode(new BigInteger(70, new Random(random.nextLong())).subtract(BigInteger.ONE.shiftLeft(69)));
            case 4 -> JSON.numberNode(BigDecimal.valueOf(random.nextLong(), 3));
            case 5 -> pick(List.of(JSON.booleanNode(true), JSON.nullNode(), JSON.arrayNode(), JSON.objectNode()));
            case 6 -> {
                ArrayNode items = JSON.arrayNode();
                repeat(random.nextInt(4), () -> items.add(text(5)));
                yield items;
            }
            default -> JSON.booleanNode(false);
        };
    }

    private <T> T pick(List<T> values) {
        return values.get(random.nextInt(values.size()));
    }

    private static void repeat(int times, Runnable action) {
        for (int i = 0; i < times; i++) {
            action.run();
        }
    }
}
