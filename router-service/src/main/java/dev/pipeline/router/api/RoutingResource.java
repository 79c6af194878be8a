package dev.pipeline.router.api;

import dev.pipeline.router.config.RouterConfig;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** The routing state for operators. */
@Path("/v1/routing")
public class RoutingResource {

    private final RouterConfig config;

    public RoutingResource(RouterConfig config) {
        this.config = config;
    }

    /** Current routing mode. */
    public record RoutingView(String mode) {
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public RoutingView routing() {
        return new RoutingView(config.mode().name().toLowerCase(java.util.Locale.ROOT));
    }
}
