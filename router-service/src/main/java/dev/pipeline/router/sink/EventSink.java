package dev.pipeline.router.sink;

import java.util.List;

import dev.pipeline.envelope.CloudEvent;

/** A durable destination for events. Implementations are CDI beans with {@code @Identifier(<name>)}. */
public interface EventSink {

    String KINESIS = "kinesis";
    String KAFKA = "kafka";

    /** The sink's name, as in configuration, metrics and the routing API. */
    String name();

    /**
     * Writes events durably, keeping the order of events with the same partition key. Returns only when every
     * event is stored; otherwise throws, naming the events not known to be stored.
     */
    void write(List<CloudEvent> events) throws SinkWriteException;
}
