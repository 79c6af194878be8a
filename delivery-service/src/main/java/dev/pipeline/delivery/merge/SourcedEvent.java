package dev.pipeline.delivery.merge;

import dev.pipeline.envelope.CloudEvent;

/** An event as read from one source, with where it was read (shard and sequence, or partition and offset). */
public record SourcedEvent(CloudEvent event, String source, String position) {

    public static final String KINESIS = "kinesis";
    public static final String KAFKA = "kafka";
}
