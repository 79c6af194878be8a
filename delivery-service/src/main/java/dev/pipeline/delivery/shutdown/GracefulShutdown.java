package dev.pipeline.delivery.shutdown;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import dev.pipeline.delivery.Replica;
import dev.pipeline.delivery.sse.StreamHandler;
import dev.pipeline.support.shutdown.DrainingRoute;
import dev.pipeline.support.shutdown.InFlightWork;
import io.quarkus.runtime.ShutdownDelayInitiatedEvent;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Delivery's graceful shutdown: on SIGTERM (readiness is DOWN from then on) new streams are answered 503
 * {@code shutting-down} with Retry-After, and every open stream gets the {@code disconnect} message with reason
 * {@code shutdown} and is closed, so partners reconnect with their Last-Event-ID (to another replica) at once rather
 * than when the socket drops; the server stops once every stream has ended, within {@code quarkus.shutdown.timeout}.
 */
@ApplicationScoped
public class GracefulShutdown {

    /** How often the open streams are told again: a stream admitted just before the gate closed opens a moment later. */
    private static final Duration RETELL = Duration.ofMillis(200);

    private static final Logger LOG = Logger.getLogger(GracefulShutdown.class);

    private final InFlightWork streams = new InFlightWork();
    private final Replica replica;
    private final Duration timeout;

    public GracefulShutdown(Replica replica,
            @ConfigProperty(name = "quarkus.shutdown.timeout") Optional<Duration> timeout) {
        this.replica = replica;
        this.timeout = timeout.orElse(Duration.ZERO);
    }

    void route(@Observes Router router) {
        DrainingRoute.install(router, streams, Set.of(StreamHandler.PATH, StreamHandler.PATH + "/"), 1);
    }

    void drain(@Observes ShutdownDelayInitiatedEvent shuttingDown) throws InterruptedException {
        streams.close();
        LOG.infof("Shutting down: new streams are refused; telling %d open streams to reconnect elsewhere",
                streams.running());
        long deadline = System.nanoTime() + timeout.toNanos();
        do {
            replica.connections().shutDownAll();
            if (streams.awaitIdle(RETELL)) {
                return;
            }
        } while (System.nanoTime() < deadline);
        LOG.warnf("%d streams still open after %s; they are cut as the server stops", streams.running(), timeout);
    }
}
