package dev.pipeline.router.routing;

/** How an operator (or the configuration) wants writes routed. */
public enum RouteMode {
    /** Kinesis while it is healthy, Kafka while it is impaired, decided by the health model. */
    AUTO,
    /** Always Kinesis. */
    KINESIS,
    /** Always Kafka. */
    KAFKA
}
