package dev.pipeline.router.routing;

/** Where the router stands with Kinesis, and so where new writes go in mode auto. */
public enum RoutingState {
    /** Kinesis is healthy: writes go to Kinesis. */
    PRIMARY(true),
    /** Kinesis just failed or stalled: new writes go to Kafka while Kinesis calls still in flight are resolved. */
    FAILING_OVER(false),
    /** Kinesis is impaired: writes go to Kafka, probes watch Kinesis. */
    FALLBACK(false),
    /** Kinesis answers probes again: writes stay on Kafka until it has been healthy for the failback period. */
    RECOVERING(false);

    private final boolean writesToKinesis;

    RoutingState(boolean writesToKinesis) {
        this.writesToKinesis = writesToKinesis;
    }

    public boolean writesToKinesis() {
        return writesToKinesis;
    }
}
