package dev.pipeline.delivery.merge;

import java.time.Instant;

import dev.pipeline.envelope.CloudEvent;

/**
 * An event as read from one source: where ({@code position}: shard and sequence number, or partition and offset)
 * and when the source stored it ({@code appended}: Kinesis' arrival timestamp, Kafka's record timestamp), or
 * null when the source did not say. {@code kinesisCopy}: a Kafka record the router marked as the copy of a Kinesis
 * write ({@link dev.pipeline.envelope.KinesisCopies}).
 */
public record SourcedEvent(CloudEvent event, String source, String position, Instant appended, boolean kinesisCopy) {

    public SourcedEvent(CloudEvent event, String source, String position, Instant appended) {
        this(event, source, position, appended, false);
    }

    public static final String KINESIS = "kinesis";
    public static final String KAFKA = "kafka";

    /** The shard or partition the event was read from, named with its source: records in one lane are ordered. */
    public String lane() {
        int colon = position.lastIndexOf(':');
        return source + "/" + (colon < 0 ? position : position.substring(0, colon));
    }

    /** The sequence number or offset within the lane (digits; empty when the position has none). */
    public String numberInLane() {
        int colon = position.lastIndexOf(':');
        return colon < 0 ? "" : position.substring(colon + 1);
    }
}
