package dev.pipeline.ingest.config;

import java.net.URI;
import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Every setting of ingest. */
@ConfigMapping(prefix = "ingest")
public interface IngestConfig {

    /** The router events are handed to. */
    Router router();

    /** Connection to the router-service. */
    interface Router {

        /** Base URL of the router-service. */
        @WithDefault("http://localhost:8081")
        URI url();

        /** Longest a write to the router may take before the producer gets 503. */
        @WithDefault("10s")
        Duration timeout();

        /** Longest a TCP connect to the router may take. */
        @WithDefault("1s")
        Duration connectTimeout();
    }
}
