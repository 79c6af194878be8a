package dev.pipeline.router.api;

import org.jboss.resteasy.reactive.RestStreamElementType;

import dev.pipeline.router.config.RouterConfig;
import io.smallrye.mutiny.Multi;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * The routing picture as Server-Sent Events, pushed every status interval: what the status page at
 * /status.html shows live during an outage or a drill.
 */
@Path("/v1/routing/stream")
public class RoutingStreamResource {

    private final RoutingResource routing;
    private final RouterConfig config;

    public RoutingStreamResource(RoutingResource routing, RouterConfig config) {
        this.routing = routing;
        this.config = config;
    }

    /** The status page's view: the routing picture plus where to find delivery's figures. */
    public record StatusView(RoutingView routing, String deliveryUrl) {
    }

    @GET
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    public Multi<StatusView> stream() {
        String deliveryUrl = config.status().deliveryUrl().map(Object::toString).orElse(null);
        return Multi.createFrom().ticks().every(config.status().interval())
                .onOverflow().drop()
                .map(tick -> new StatusView(routing.routing(), deliveryUrl));
    }
}
