package dev.pipeline.router.control;

import java.util.Locale;

import org.jboss.logging.Logger;

import dev.pipeline.router.api.OverrideAudit;
import dev.pipeline.router.lease.KinesisLease;
import dev.pipeline.router.routing.RouteMode;
import dev.pipeline.router.routing.RoutingPolicy;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The fleet's routing override on this replica. A change through this replica's API is applied here at once (so it
 * works while Kafka is unreachable) and published for the fleet; a change read from the control topic, from any
 * replica, is applied through {@link RoutingPolicy#setMode}. The topic's order decides between concurrent changes.
 */
@ApplicationScoped
public class FleetOverride {

    private static final Logger LOG = Logger.getLogger(FleetOverride.class);

    private final RoutingPolicy policy;
    private final OverrideAudit audit;
    private final ControlPublisher publisher;
    private final KinesisLease lease;
    private volatile OverrideAudit.Entry inForce;

    public FleetOverride(RoutingPolicy policy, OverrideAudit audit, ControlPublisher publisher, KinesisLease lease) {
        this.policy = policy;
        this.audit = audit;
        this.publisher = publisher;
        this.lease = lease;
    }

    /** An operator's change through this replica: applied here now, recorded, and published for the fleet. */
    public synchronized OverrideAudit.Entry change(String token, String address, RouteMode mode, boolean force,
                                                   String reason) {
        OverrideAudit.Entry entry = audit.newEntry(token, address, lease.router(), name(policy.mode()), name(mode),
                force, reason);
        policy.setMode(mode);
        inForce = entry;
        audit.add(entry);
        publisher.publishChange(entry);
        return entry;
    }

    /** The fleet's override as the control topic holds it now (possibly this replica's own change, read back). */
    synchronized void fromFleet(OverrideAudit.Entry entry) {
        OverrideAudit.Entry current = inForce;
        if (current != null && ownChange(entry) && ownChange(current) && current.time().isAfter(entry.time())) {
            return; // an older change of ours, published late (Kafka was unreachable); a later one of ours follows it
        }
        RouteMode mode = RouteMode.valueOf(entry.after().toUpperCase(Locale.ROOT));
        inForce = entry;
        if (policy.mode() != mode) {
            LOG.infof("Fleet override applied: mode %s -> %s (change %s through router %s, reason: %s)",
                    name(policy.mode()), entry.after(), entry.id(), entry.router(), entry.reason());
            policy.setMode(mode);
        }
    }

    private boolean ownChange(OverrideAudit.Entry entry) {
        return lease.router().equals(entry.router());
    }

    /** The latest change this replica applied (null: none, the mode is {@code router.mode}). */
    public OverrideAudit.Entry inForce() {
        return inForce;
    }

    private static String name(RouteMode mode) {
        return mode.name().toLowerCase(Locale.ROOT);
    }
}
