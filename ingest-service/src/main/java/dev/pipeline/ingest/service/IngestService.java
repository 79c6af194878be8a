package dev.pipeline.ingest.service;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.pipeline.envelope.CloudEvent;
import dev.pipeline.ingest.auth.Producer;
import dev.pipeline.ingest.backpressure.InFlightLimiter;
import dev.pipeline.ingest.config.IngestConfig;
import dev.pipeline.ingest.decode.RequestDecoder;
import dev.pipeline.ingest.router.RouterClient;
import dev.pipeline.ingest.router.RouterRejectedException;
import dev.pipeline.ingest.router.RouterUnavailableException;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * One producer request, all or nothing: admit it (429), decode and validate every event (4xx), check the
 * producer may use each source (403), enrich, and complete only once the router stored every event (else 503, or
 * 422 when an event store refused an event as invalid).
 */
@ApplicationScoped
public class IngestService {

    private static final ObjectMapper REFUSALS = new ObjectMapper();

    private final InFlightLimiter limiter;
    private final RequestDecoder decoder;
    private final EventEnricher enricher;
    private final RouterClient router;
    private final IngestConfig config;
    private final MeterRegistry metrics;

    public IngestService(InFlightLimiter limiter, RequestDecoder decoder, EventEnricher enricher, RouterClient router,
            IngestConfig config, MeterRegistry metrics) {
        this.limiter = limiter;
        this.decoder = decoder;
        this.enricher = enricher;
        this.router = router;
        this.config = config;
        this.metrics = metrics;
    }

    /** Returns the number of events stored; throws a ProblemException saying why none was accepted. */
    public int ingest(Producer producer, String contentType, Map<String, List<String>> headers,
            byte[] body) {
        long size = body == null ? 0 : body.length;
        InFlightLimiter.Permit permit = limiter.tryAcquire(size)
                .orElseThrow(() -> {
                    metrics.counter("ingest.requests.refused", "reason", IngestProblems.OVERLOADED).increment();
                    return IngestProblems.overloaded(Math.max(1, config.backpressure().retryAfter().toSeconds()));
                });
        try {
            Prepared prepared = prepare(producer, contentType, headers, body);
            router.write(prepared.firstPartitionKey(), prepared.events());
            metrics.counter("ingest.events.accepted", "producer", producer.name()).increment(prepared.events().size());
            return prepared.events().size();
        } catch (RouterUnavailableException e) {
            metrics.counter("ingest.requests.refused", "reason", IngestProblems.NOT_STORED).increment();
            throw IngestProblems.notStored(e.retryAfterSeconds());
        } catch (RouterRejectedException e) {
            if (e.status() == 422) {
                metrics.counter("ingest.requests.refused", "reason", IngestProblems.EVENT_REFUSED).increment();
                throw IngestProblems.eventRefused(refusal(e.body()));
            }
            metrics.counter("ingest.requests.refused", "reason", IngestProblems.ROUTER_REJECTED).increment();
            throw IngestProblems.routerRejected(e.status());
        } finally {
            permit.release();
        }
    }

    /** Why a sink refused an event, from the router's problem document; nothing the producer sent was accepted. */
    private static String refusal(String routerProblem) {
        String detail = null;
        try {
            detail = REFUSALS.readTree(routerProblem).path("detail").textValue();
        } catch (IOException | RuntimeException unreadable) {
            // the generic sentence below then
        }
        return "An event was refused by the event store and nothing was accepted"
                + (detail == null ? "" : ": " + detail);
    }

    /** A request's events as the router receives them, and the partition key of the first (it chooses the router). */
    private record Prepared(List<byte[]> events, String firstPartitionKey) {
    }

    /** The events as the router receives them: enriched and encoded as structured JSON, each within the size limit. */
    private Prepared prepare(Producer producer, String contentType, Map<String, List<String>> headers,
            byte[] body) {
        RequestDecoder.Decoded decoded = decoder.decodeRequest(contentType, headers, body);
        List<CloudEvent> events = decoded.events();
        for (int i = 0; i < events.size(); i++) {
            if (!producer.allows(events.get(i).source())) {
                throw IngestProblems.forbiddenSource(i, producer.name(), events.get(i).source());
            }
        }
        Instant receivedAt = Instant.now();
        int limit = config.limits().maxEventBytes();
        List<byte[]> encoded = new ArrayList<>(events.size());
        for (int i = 0; i < events.size(); i++) {
            byte[] json = enricher.storedJson(events.get(i), decoded.body(), decoded.span(i),
                    EventEnricher.receivedAt(receivedAt, i));
            if (json.length > limit) {
                throw IngestProblems.tooLarge(i, "Event " + i + " has " + json.length
                        + " bytes as structured JSON after enrichment; the limit is " + limit + " bytes per event", limit);
            }
            encoded.add(json);
        }
        return new Prepared(encoded, events.isEmpty() ? "" : events.get(0).partitionKey());
    }
}
