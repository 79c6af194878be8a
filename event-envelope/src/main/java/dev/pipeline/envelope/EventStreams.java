package dev.pipeline.envelope;

/** Names and sizes of the Kafka topic and the Kinesis stream, shared by services, launcher and tests. */
public final class EventStreams {

    /** The Kafka topic the router writes to during a Kinesis impairment and delivery reads from. */
    public static final String KAFKA_TOPIC = "events";
    /** Partitions of the local topic; production sizes its own. */
    public static final int KAFKA_PARTITIONS = 4;
    /** The Kinesis stream the router writes to normally and delivery reads from. */
    public static final String KINESIS_STREAM = "events";
    /** Shards of the local stream. */
    public static final int KINESIS_SHARDS = 2;
    /**
     * The largest event, as its structured JSON, that every hop takes: ingest admits it, a Kinesis record holds it with
     * the longest partition key (1 MiB for both), the Kafka producer's and topic's defaults (1 MiB per request and per
     * message) hold it with its headers, and delivery's byte budgets hold many of it. One figure for all, below each.
     */
    public static final int MAX_EVENT_BYTES = 1_000_000;

    private EventStreams() {
    }
}
