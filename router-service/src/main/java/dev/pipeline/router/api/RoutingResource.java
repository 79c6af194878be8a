package dev.pipeline.router.api;

import java.util.Locale;
import java.util.Map;

import org.jboss.logging.Logger;

import dev.pipeline.router.control.Fleet;
import dev.pipeline.router.control.FleetOverride;
import dev.pipeline.router.health.SinkHealths;
import dev.pipeline.router.lease.KinesisLease;
import dev.pipeline.router.metrics.RouterMetrics;
import dev.pipeline.router.routing.RouteMode;
import dev.pipeline.router.routing.RoutingPolicy;
import dev.pipeline.router.sink.EventSink;
import dev.pipeline.support.problem.Problem;
import dev.pipeline.support.problem.ProblemException;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * The operators' API: the routing picture with the fleet, and the fleet-wide override of the routing mode (audited):
 * a change through any replica reaches every router through the control topic.
 */
@Path("/v1/routing")
public class RoutingResource {

    private static final Logger AUDIT = Logger.getLogger("dev.pipeline.router.audit");

    private final RoutingPolicy policy;
    private final SinkHealths health;
    private final AdminAuthenticator admin;
    private final RouterMetrics metrics;
    private final KinesisLease lease;
    private final FleetOverride fleetOverride;
    private final Fleet fleet;

    public RoutingResource(RoutingPolicy policy, SinkHealths health, AdminAuthenticator admin, RouterMetrics metrics,
                           KinesisLease lease, FleetOverride fleetOverride, Fleet fleet) {
        this.policy = policy;
        this.health = health;
        this.admin = admin;
        this.metrics = metrics;
        this.lease = lease;
        this.fleetOverride = fleetOverride;
        this.fleet = fleet;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public RoutingView routing() {
        return new RoutingView(policy.mode().name().toLowerCase(Locale.ROOT), policy.machine().state().name(),
                policy.target(), policy.machine().failoverWithheld(),
                Map.of(EventSink.KINESIS, health.kinesis().view(), EventSink.KAFKA, health.kafka().view()),
                policy.machine().transitions(), lease.router(), lease.kinesisWritesFrom(), fleetOverride.inForce(),
                fleet.view());
    }

    @PUT
    @Path("/override")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public RoutingView override(OverrideRequest request, @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                                @Context HttpServerRequest http) {
        String operator = admin.authenticate(authorization);
        RouteMode mode = parse(request);
        boolean force = request.force() != null && request.force();
        if (!force && mode != RouteMode.AUTO) {
            String sink = mode == RouteMode.KINESIS ? EventSink.KINESIS : EventSink.KAFKA;
            if (!health.of(sink).writable()) {
                throw new ProblemException(Problem.of("sink-unhealthy", "Sink is not writable", Response.Status.CONFLICT,
                        "Refusing to pin writes to " + sink + ", which is not writable (" + health.of(sink).view().lastError()
                                + "); send \"force\": true to pin it anyway"));
            }
        }
        OverrideAudit.Entry entry = fleetOverride.change(operator, String.valueOf(http.remoteAddress()), mode, force,
                request.reason());
        metrics.override(mode, force);
        AUDIT.infof("routing override %s for the fleet: mode %s -> %s, force=%s, operator token %s, from %s, reason: %s",
                entry.id(), entry.before(), entry.after(), force, operator, entry.address(), entry.reason());
        return routing();
    }

    private static RouteMode parse(OverrideRequest request) {
        if (request == null || request.mode() == null) {
            throw new ProblemException(Problem.of("invalid-mode", "Invalid mode", Response.Status.BAD_REQUEST,
                    "mode must be one of \"auto\", \"kinesis\", \"kafka\""));
        }
        try {
            return RouteMode.valueOf(request.mode().trim().toUpperCase(Locale.ROOT));
        } catch (RuntimeException e) {
            throw new ProblemException(Problem.of("invalid-mode", "Invalid mode", Response.Status.BAD_REQUEST,
                    "mode must be one of \"auto\", \"kinesis\", \"kafka\""));
        }
    }
}
