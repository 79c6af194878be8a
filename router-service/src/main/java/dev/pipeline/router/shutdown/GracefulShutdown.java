package dev.pipeline.router.shutdown;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import dev.pipeline.support.shutdown.DrainingRoute;
import dev.pipeline.support.shutdown.InFlightWork;
import io.quarkus.runtime.ShutdownDelayInitiatedEvent;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * The router's graceful shutdown: on SIGTERM (readiness is DOWN from then on) new writes are answered 503
 * {@code shutting-down} with {@code Connection: close}, so ingest sends them to another router at once, and writes
 * already accepted run to their end (stored and acknowledged, or answered 503) before the HTTP server and the sinks'
 * clients stop, within {@code quarkus.shutdown.timeout}.
 */
@ApplicationScoped
public class GracefulShutdown {

    /** The write API's path. */
    static final String WRITE_PATH = "/v1/events";

    private static final Logger LOG = Logger.getLogger(GracefulShutdown.class);

    private final InFlightWork writes = new InFlightWork();
    private final Duration timeout;

    public GracefulShutdown(@ConfigProperty(name = "quarkus.shutdown.timeout") Optional<Duration> timeout) {
        this.timeout = timeout.orElse(Duration.ZERO);
    }

    void route(@Observes Router router) {
        DrainingRoute.install(router, writes, Set.of(WRITE_PATH, WRITE_PATH + "/"), 1);
    }

    void drain(@Observes ShutdownDelayInitiatedEvent shuttingDown) throws InterruptedException {
        writes.close();
        LOG.infof("Shutting down: new writes are refused; waiting for %d in flight", writes.running());
        if (!writes.awaitIdle(timeout)) {
            LOG.warnf("%d writes still in flight after %s; they are answered as the server stops", writes.running(),
                    timeout);
        }
    }
}
