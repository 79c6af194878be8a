package dev.pipeline.envelope;

/**
 * The Kafka control topic every router and delivery replica reads and writes: one compacted partition holding the
 * fleet's routing override, the audit trail of its changes, each replica's latest status and each router's latest
 * heartbeat and its notices of copies of Kinesis writes, one record per key.
 */
public final class ControlTopic {

    /** The topic's default name (the chart's {@code kafka.controlTopic}). */
    public static final String NAME = "pipeline-control";
    /** Key of the routing override in force for every router. */
    public static final String OVERRIDE_KEY = "override";
    /** Prefix of the key of one audit-trail entry (each change keeps its own key, so compaction keeps them all). */
    public static final String AUDIT_PREFIX = "audit:";
    /** Prefix of the key of a router replica's latest status. */
    public static final String ROUTER_PREFIX = "router:";
    /** Prefix of the key of a router's latest heartbeat (its Kinesis lease: {@link RouterHeartbeat}). */
    public static final String HEARTBEAT_PREFIX = "heartbeat:";
    /** Prefix of the key of a router's notice of copies it wrote of Kinesis writes ({@link KinesisCopyNotice}). */
    public static final String COPIES_PREFIX = "copies:";
    /** Prefix of the key of a delivery replica's latest status. */
    public static final String DELIVERY_PREFIX = "delivery:";

    private ControlTopic() {
    }
}
