package dev.pipeline.router.api;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.jboss.resteasy.reactive.RestStreamElementType;

import dev.pipeline.router.config.RouterConfig;
import io.smallrye.mutiny.Multi;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * The routing picture as Server-Sent Events, pushed every status interval: what the operator console at
 * /status.html charts live during an outage or a drill.
 */
@Path("/v1/routing/stream")
public class RoutingStreamResource {

    /** Overrides sent with each push; the whole trail is at /v1/routing/audit. */
    static final int RECENT_OVERRIDES = 20;

    private final RoutingResource routing;
    private final RouterConfig config;
    private final AckLatencies latencies;
    private final OverrideAudit audit;

    public RoutingStreamResource(RoutingResource routing, RouterConfig config, AckLatencies latencies,
                                 OverrideAudit audit) {
        this.routing = routing;
        this.config = config;
        this.latencies = latencies;
        this.audit = audit;
    }

    /**
     * The console's view at one moment (the router's clock, so charts need no clock of the viewer's): the routing
     * picture, each sink's recent acknowledgement latency, the latest overrides and where to find delivery's figures.
     */
    public record StatusView(Instant time, RoutingView routing, Map<String, AckLatencies.Latency> ackLatency,
                             List<OverrideAudit.Entry> overrides, String deliveryUrl) {
    }

    @GET
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    public Multi<StatusView> stream() {
        String deliveryUrl = config.status().deliveryUrl().map(Object::toString).orElse(null);
        return Multi.createFrom().ticks().every(config.status().interval())
                .onOverflow().drop()
                .map(tick -> new StatusView(Instant.now(), routing.routing(), latencies.recent(),
                        audit.entries().stream().limit(RECENT_OVERRIDES).toList(), deliveryUrl));
    }
}
