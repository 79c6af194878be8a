package dev.pipeline.tools.drill;

/**
 * One replica as the drill saw it: its name ({@code router-2}), whether it answered ready, and for a router its
 * routing state and where it writes ({@code null} for delivery, or when it did not answer).
 */
public record ReplicaState(String name, boolean ready, String routingState, String target) {

    /** A router writing to Kinesis in its settled state: where a Kinesis fault or an override can be measured from. */
    boolean primary() {
        return "PRIMARY".equals(routingState) && "kinesis".equals(target);
    }
}
