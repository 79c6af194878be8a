package dev.pipeline.ingest.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.pipeline.ingest.config.IngestConfig;
import dev.pipeline.support.auth.TokenHash;

/** Keys are matched by their hashes, either key of a rotation works, and bad configuration fails at start-up. */
class ProducerRegistryTest {

    @Test
    void eitherKeyOfARotationAuthenticatesTheProducer() {
        ProducerRegistry registry = registry(Map.of("acme", producer(List.of(TokenHash.of("old"), TokenHash.of("new")),
                List.of("urn:acme:"))));

        assertEquals("acme", registry.authenticate("Bearer old").map(Producer::name).orElseThrow());
        assertEquals("acme", registry.authenticate("bearer new").map(Producer::name).orElseThrow());
        assertEquals(Optional.empty(), registry.authenticate("Bearer other"));
        assertEquals(Optional.empty(), registry.authenticate("Basic b2xk"));
        assertEquals(Optional.empty(), registry.authenticate(null));
    }

    @Test
    void hashIsSha256OfTheKey() {
        // the local stack's key; application.properties holds this hash under %local
        assertEquals("sha256:9714e454e2d660227c8742a783d1ca8199b5aa2b11d7ef8077f6a6bc1dd745cd",
                TokenHash.of("local-producer-key"));
    }

    @Test
    void malformedHashFailsAtStartupNamingTheProducer() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> registry(Map.of("acme", producer(List.of("md5:abcd"), List.of("*")))));
        assertTrue(e.getMessage().contains("ingest.producers.\"acme\".api-key-hashes"), e.getMessage());
    }

    @Test
    void sameKeyForTwoProducersFailsAtStartup() {
        String hash = TokenHash.of("shared");
        assertThrows(IllegalStateException.class, () -> registry(Map.of(
                "a", producer(List.of(hash), List.of("*")), "b", producer(List.of(hash), List.of("*")))));
    }

    @Test
    void sourcePrefixes() {
        Producer acme = new Producer("acme", List.of("https://acme.example/", "urn:acme:"));
        assertTrue(acme.allows("https://acme.example/orders"));
        assertTrue(acme.allows("urn:acme:billing"));
        assertFalse(acme.allows("https://acme.example.evil/"));
        assertTrue(new Producer("any", List.of("*")).allows("anything"));
    }

    private static ProducerRegistry registry(Map<String, IngestConfig.Producer> producers) {
        return new ProducerRegistry(new IngestConfig() {
            @Override
            public Router router() {
                return null;
            }

            @Override
            public Limits limits() {
                return null;
            }

            @Override
            public Backpressure backpressure() {
                return null;
            }

            @Override
            public Map<String, Producer> producers() {
                return producers;
            }
        });
    }

    private static IngestConfig.Producer producer(List<String> hashes, List<String> sources) {
        return new IngestConfig.Producer() {
            @Override
            public List<String> apiKeyHashes() {
                return hashes;
            }

            @Override
            public List<String> sources() {
                return sources;
            }
        };
    }
}
