package dev.pipeline.router.sink;

import java.util.List;
import java.util.Set;

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

    /**
     * Writes events as {@link #write(List)} does, {@code copies} among them (by reference) being copies of Kinesis
     * writes: a sink that can mark records marks those ({@link dev.pipeline.envelope.KinesisCopies}).
     */
    default void write(List<CloudEvent> events, Set<CloudEvent> copies) throws SinkWriteException {
        write(events);
    }

    /**
     * Stops waiting for the calls in flight: the writes waiting on them end at once, their events unconfirmed. For a
     * sink whose calls can hang past the moment writes leave it; by default nothing to do.
     */
    default void abandonCallsInFlight() {
    }
}
