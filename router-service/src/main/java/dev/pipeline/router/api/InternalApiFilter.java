package dev.pipeline.router.api;

import java.util.List;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.SimpleResourceInfo;

import dev.pipeline.router.config.RouterConfig;
import dev.pipeline.support.auth.BearerToken;
import dev.pipeline.support.auth.CredentialCheck;
import dev.pipeline.support.problem.Problem;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

/**
 * Admits a call to the write API ({@link EventWriteResource}) only with a service credential whose hash is in
 * {@code router.internal-api.token-hashes}; anything else is answered 401 before the body is read. The NetworkPolicy
 * keeps strangers off the port; this keeps off whatever else runs inside the cluster. Without configured hashes every
 * write is refused (fail closed), and the start-up log says so.
 */
@Startup
@ApplicationScoped
public class InternalApiFilter {

    private static final Logger LOG = Logger.getLogger(InternalApiFilter.class);
    static final String SETTING = "router.internal-api.token-hashes";

    private final CredentialCheck<Boolean> tokens;

    public InternalApiFilter(RouterConfig config) {
        try {
            this.tokens = CredentialCheck.of(SETTING, config.internalApi().tokenHashes().orElse(List.of()), true);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
        if (tokens.isEmpty()) {
            LOG.warnf("No %s configured: every write to POST /v1/events will be refused with 401", SETTING);
        }
    }

    @ServerRequestFilter
    public Response requireServiceCredential(ContainerRequestContext request, SimpleResourceInfo resource) {
        if (resource == null || resource.getResourceClass() != EventWriteResource.class) {
            return null;
        }
        boolean accepted = BearerToken.from(request.getHeaderString(HttpHeaders.AUTHORIZATION))
                .map(tokens::accepts).orElse(false);
        if (accepted) {
            return null;
        }
        return Response.fromResponse(Problem.of("unauthorized", "Unauthorized", Response.Status.UNAUTHORIZED,
                        "The write API needs the service credential as Authorization: Bearer <token> (ingest sends "
                                + "ingest.router.token; the router accepts the hashes in " + SETTING + ")")
                        .toResponse())
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"router-internal\"")
                .build();
    }
}
