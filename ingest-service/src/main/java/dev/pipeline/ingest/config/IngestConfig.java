package dev.pipeline.ingest.config;

import dev.pipeline.envelope.EventStreams;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Every setting of ingest. */
@ConfigMapping(prefix = "ingest")
public interface IngestConfig {

    /** The router events are handed to. */
    Router router();

    /** Size limits of producers' requests. */
    Limits limits();

    /** How much work may be in flight before producers are asked to back off. */
    Backpressure backpressure();

    /** Producers allowed to send, by name: {@code ingest.producers."<name>".*}. */
    Map<String, Producer> producers();

    /** Connection to the router-service. */
    interface Router {

        /** Base URL of the router-service (in Kubernetes its Service); used when {@code urls} is not set. */
        @WithDefault("http://localhost:8081")
        URI url();

        /**
         * Base URLs of several router replicas (a local fleet): requests are spread over them in turn, and a write a
         * router refused at connect, dropped before answering or answered 503 goes to the next one. Overrides {@code url}.
         */
        Optional<List<URI>> urls();

        /** Service credential sent as a bearer token to the router's write API (its hash is in the router's settings). */
        Optional<String> token();

        /** Longest a write to the router may take before the producer gets 503. */
        @WithDefault("10s")
        Duration timeout();

        /** Longest a TCP connect to the router may take. */
        @WithDefault("1s")
        Duration connectTimeout();

        /** Most events sent to the router in one call; larger requests go as consecutive calls, in order. */
        @WithDefault("500")
        int maxBatchEvents();

        /** Retry-After given to producers when the router did not store their events and named no delay. */
        @WithDefault("1s")
        Duration retryAfter();
    }

    /** Limits per event and per request; beyond them the producer gets 413. */
    interface Limits {

        /** Largest event, measured as its structured JSON after enrichment: the one figure every hop takes. */
        @WithDefault("" + EventStreams.MAX_EVENT_BYTES)
        int maxEventBytes();

        /** Largest request body. */
        @WithDefault("5242880")
        int maxRequestBytes();

        /** Most events in one batched request. */
        @WithDefault("500")
        int maxEvents();
    }

    /** Bounds on requests being validated or forwarded at once; beyond them the producer gets 429. */
    interface Backpressure {

        /** Most producer requests in flight at once. */
        @WithDefault("64")
        int maxInFlightRequests();

        /** Most request body bytes in flight at once; must be at least {@code ingest.limits.max-request-bytes}. */
        @WithDefault("67108864")
        long maxInFlightBytes();

        /** Retry-After given with 429. */
        @WithDefault("1s")
        Duration retryAfter();
    }

    /** One producer: its API keys and the sources it may send. */
    interface Producer {

        /** Hashes of the producer's API keys, each {@code sha256:<hex>}; list two while rotating. */
        List<String> apiKeyHashes();

        /** Source prefixes the producer may use; {@code *} allows any source. */
        List<String> sources();
    }
}
