package dev.pipeline.tools.drill;

import java.util.Optional;

/**
 * What must hold when a drill's fault starts for its figures to mean anything; a drill that misses one is
 * {@link Verdict#INVALID}, never passed. Every replica must be ready; a scenario that measures a move away from
 * Kinesis (a Kinesis fault, a Kafka fault, fleet-override) needs every router writing to Kinesis in PRIMARY (a router
 * already failed over would report a failover it did not make, or none at all); a rolling restart needs a second
 * replica to take the work; a Kafka fault needs Kinesis to stay healthy throughout ({@link #violatedDuring}).
 */
public final class Preconditions {

    private Preconditions() {
    }

    /** Why the drill is invalid, or empty when its preconditions hold. */
    public static Optional<String> violated(Scenario scenario, FleetSnapshot fleet) {
        if (scenario == Scenario.ROUTER_ROLLING_RESTART && fleet.routers().size() < 2) {
            return Optional.of("router-rolling-restart needs at least 2 routers (--routers 2): with one, producers "
                    + "wait for the restart");
        }
        if (scenario == Scenario.DELIVERY_ROLLING_RESTART && fleet.deliveries().size() < 2) {
            return Optional.of("delivery-rolling-restart needs at least 2 delivery replicas (--deliveries 2)");
        }
        for (ReplicaState replica : fleet.routers()) {
            if (!replica.ready()) {
                return Optional.of(replica.name() + " was not ready when the fault started");
            }
        }
        for (ReplicaState replica : fleet.deliveries()) {
            if (!replica.ready()) {
                return Optional.of(replica.name() + " was not ready when the fault started");
            }
        }
        if (scenario.needsKinesisWrites()) {
            for (ReplicaState router : fleet.routers()) {
                if (!router.primary()) {
                    return Optional.of(router.name() + " was " + router.routingState() + " writing to "
                            + router.target() + ", not PRIMARY writing to kinesis, when the " + scenario.cliName()
                            + " fault started: there was no move away from Kinesis to measure");
                }
            }
        }
        return Optional.empty();
    }

    /**
     * Why a drill whose fault started validly still measured something else, or empty: a Kafka fault measures the
     * pipeline with Kinesis healthy, so a router that failed over during it (Kinesis stalled or browned out, as the
     * local emulator does on busy cores) makes its figures those of two failing streams.
     */
    public static Optional<String> violatedDuring(Scenario scenario, int failoversSinceFault) {
        if ((scenario == Scenario.KAFKA_DOWN || scenario == Scenario.KAFKA_HANG) && failoversSinceFault > 0) {
            return Optional.of("Kinesis was impaired during the " + scenario.cliName() + " fault (" + failoversSinceFault
                    + " failover(s) away from it): the figures are not those of a healthy Kinesis");
        }
        return Optional.empty();
    }
}
