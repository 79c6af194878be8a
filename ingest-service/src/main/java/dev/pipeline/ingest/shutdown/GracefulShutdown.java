package dev.pipeline.ingest.shutdown;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import dev.pipeline.ingest.api.EventsResource;
import dev.pipeline.ingest.config.IngestConfig;
import dev.pipeline.support.shutdown.DrainingRoute;
import dev.pipeline.support.shutdown.InFlightWork;
import io.quarkus.runtime.ShutdownDelayInitiatedEvent;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Ingest's graceful shutdown: on SIGTERM (readiness is DOWN from then on) new producer requests are answered 503
 * {@code shutting-down} with Retry-After, and requests already accepted run to their end (stored and answered 202, or
 * answered retryable) before the HTTP server stops, within {@code quarkus.shutdown.timeout}.
 */
@ApplicationScoped
public class GracefulShutdown {

    private static final Logger LOG = Logger.getLogger(GracefulShutdown.class);

    private final InFlightWork requests = new InFlightWork();
    private final IngestConfig config;
    private final Duration timeout;

    public GracefulShutdown(IngestConfig config,
            @ConfigProperty(name = "quarkus.shutdown.timeout") Optional<Duration> timeout) {
        this.config = config;
        this.timeout = timeout.orElse(Duration.ZERO);
    }

    void route(@Observes Router router) {
        DrainingRoute.install(router, requests, Set.of(EventsResource.PATH, EventsResource.PATH + "/"),
                Math.max(1, config.router().retryAfter().toSeconds()));
    }

    void drain(@Observes ShutdownDelayInitiatedEvent shuttingDown) throws InterruptedException {
        requests.close();
        LOG.infof("Shutting down: new producer requests are refused; waiting for %d in flight", requests.running());
        if (!requests.awaitIdle(timeout)) {
            LOG.warnf("%d producer requests still in flight after %s; they are answered as the server stops",
                    requests.running(), timeout);
        }
    }
}
