package dev.pipeline.ingest.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.pipeline.support.auth.TokenHash;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

/** Producers can come from environment variables, as a Kubernetes Secret passed with envFrom provides them. */
class ProducersFromEnvironmentTest {

    @Test
    void producersAreReadFromEnvironmentVariables() {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withMapping(IngestConfig.class)
                // "10s"-style durations are a Quarkus converter, which plain SmallRye Config lacks
                .withConverter(Duration.class, 100, new DurationConverter())
                .withSources(new EnvConfigSource(Map.of(
                        "INGEST_PRODUCERS_PARTNERA_API_KEY_HASHES", TokenHash.of("old") + "," + TokenHash.of("new"),
                        "INGEST_PRODUCERS_PARTNERA_SOURCES", "https://partner-a.example/,urn:partner-a:",
                        "INGEST_PRODUCERS_COLLECTOR_API_KEY_HASHES", TokenHash.of("c"),
                        "INGEST_PRODUCERS_COLLECTOR_SOURCES", "*"), 300) {
                })
                .build();

        Map<String, IngestConfig.Producer> producers = config.getConfigMapping(IngestConfig.class).producers();

        assertEquals(List.of(TokenHash.of("old"), TokenHash.of("new")), producers.get("partnera").apiKeyHashes());
        assertEquals(List.of("https://partner-a.example/", "urn:partner-a:"), producers.get("partnera").sources());
        assertEquals(List.of("*"), producers.get("collector").sources());
    }
}
