package dev.pipeline.tools.drill;

/**
 * A drill's result: PASSED when nothing acknowledged was lost, duplicated or reordered (and, for a router rolling
 * restart, no producer saw an error: the other router takes the writes; for fleet-override, every router followed the
 * override); FAILED otherwise; INVALID when its
 * {@linkplain Preconditions preconditions} did not hold at the fault, whatever the accounting says.
 */
public enum Verdict {
    PASSED, FAILED, INVALID;

    /**
     * The verdict of a drill; {@code invalidReason} is null when the preconditions held, {@code fleetOverrideMs} when
     * not every router wrote to Kafka after a fleet-override.
     */
    public static Verdict of(Scenario scenario, DrillOutcome outcome, long rejected, long ioErrors,
                             Long fleetOverrideMs, String invalidReason) {
        if (invalidReason != null) {
            return INVALID;
        }
        if (!outcome.clean()) {
            return FAILED;
        }
        if (scenario == Scenario.ROUTER_ROLLING_RESTART && rejected + ioErrors > 0) {
            return FAILED;
        }
        if (scenario == Scenario.FLEET_OVERRIDE && fleetOverrideMs == null) {
            return FAILED;
        }
        return PASSED;
    }
}
