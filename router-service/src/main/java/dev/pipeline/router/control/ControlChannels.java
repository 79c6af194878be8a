package dev.pipeline.router.control;

/** Names of the SmallRye Reactive Messaging channels on the control topic (configured under mp.messaging.*). */
public final class ControlChannels {

    /** Every record of the control topic, read from its start by each replica. */
    public static final String IN = "control-in";
    /** Records this router publishes: override changes, their audit entries, its status. */
    public static final String OUT = "control-out";

    private ControlChannels() {
    }
}
