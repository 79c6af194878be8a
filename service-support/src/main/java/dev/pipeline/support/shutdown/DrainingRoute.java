package dev.pipeline.support.shutdown;

import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.pipeline.support.problem.Problem;
import io.vertx.ext.web.Router;

/**
 * A Vert.x route, ahead of every other, that counts requests to a service's work paths in its {@link InFlightWork}
 * while it is open, and answers them 503 problem+json {@value #TYPE} with Retry-After and {@code Connection: close}
 * once it is closed: the caller (ingest, a partner's client, a load balancer) sends the work elsewhere or again.
 */
public final class DrainingRoute {

    /** Problem type of work refused because the service is shutting down; always retryable. */
    public static final String TYPE = "shutting-down";

    private static final ObjectMapper JSON = new ObjectMapper();

    private DrainingRoute() {
    }

    /** Installs the route on the application's router for requests whose path is one of {@code paths}. */
    public static void install(Router router, InFlightWork work, Set<String> paths, long retryAfterSeconds) {
        String refusal = refusalBody();
        router.route().order(Integer.MIN_VALUE).handler(routing -> {
            if (!paths.contains(routing.normalizedPath())) {
                routing.next();
                return;
            }
            if (!work.tryEnter()) {
                routing.response().setStatusCode(503)
                        .putHeader("Content-Type", Problem.MEDIA_TYPE)
                        .putHeader("Retry-After", String.valueOf(retryAfterSeconds))
                        .putHeader("Connection", "close")
                        .end(refusal);
                return;
            }
            routing.addEndHandler(ended -> work.exit());
            routing.next();
        });
    }

    private static String refusalBody() {
        try {
            return JSON.writeValueAsString(Problem.of(TYPE, "Shutting down", 503, "This replica is shutting down and "
                    + "takes no new work; nothing was accepted. Send the request again (another replica takes it)"));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot encode the shutdown problem", e);
        }
    }
}
