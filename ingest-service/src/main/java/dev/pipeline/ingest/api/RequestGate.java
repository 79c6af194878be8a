package dev.pipeline.ingest.api;

import java.util.Optional;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import dev.pipeline.ingest.auth.CurrentProducer;
import dev.pipeline.ingest.auth.Producer;
import dev.pipeline.ingest.auth.ProducerRegistry;
import dev.pipeline.ingest.config.IngestConfig;
import dev.pipeline.ingest.service.IngestProblems;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

/** Checks a producer request before its body is read: the API key (401), then the declared length (413). */
public class RequestGate {

    private final ProducerRegistry registry;
    private final CurrentProducer current;
    private final IngestConfig config;

    public RequestGate(ProducerRegistry registry, CurrentProducer current, IngestConfig config) {
        this.registry = registry;
        this.current = current;
        this.config = config;
    }

    @ServerRequestFilter(priority = Priorities.AUTHENTICATION)
    public Optional<Response> authenticate(ContainerRequestContext request) {
        if (!EventsResource.isProducerPath(request.getUriInfo().getPath())) {
            return Optional.empty();
        }
        Optional<Producer> producer = registry.authenticate(request.getHeaderString(HttpHeaders.AUTHORIZATION));
        if (producer.isEmpty()) {
            String detail = request.getHeaderString(HttpHeaders.AUTHORIZATION) == null
                    ? "Send your API key as Authorization: Bearer <key>"
                    : "The API key is not valid; check it, or ask for a new one if it was rotated out";
            Response response = IngestProblems.unauthorized(detail).toResponse();
            response.getHeaders().add(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"ingest\"");
            return Optional.of(response);
        }
        current.set(producer.get());
        return Optional.empty();
    }

    @ServerRequestFilter(priority = Priorities.AUTHENTICATION + 1)
    public Optional<Response> declaredLength(ContainerRequestContext request) {
        if (!EventsResource.isProducerPath(request.getUriInfo().getPath()) || request.getLength() < 0) {
            return Optional.empty();
        }
        int limit = config.limits().maxRequestBytes();
        if (request.getLength() > limit) {
            return Optional.of(IngestProblems.tooLarge(null, "The request body has " + request.getLength()
                    + " bytes; the limit is " + limit + " bytes per request", limit).problem().toResponse());
        }
        return Optional.empty();
    }
}
