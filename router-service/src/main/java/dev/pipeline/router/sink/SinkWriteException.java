package dev.pipeline.router.sink;

import java.util.List;

import dev.pipeline.envelope.CloudEvent;

/**
 * A sink could not confirm some events: they may or may not be stored, and must be written elsewhere, unless the
 * sink refused them as {@link Cause#INVALID}.
 */
public class SinkWriteException extends Exception {

    /** Why the write failed; throttling is told apart because it alone is not an outage. */
    public enum Cause {
        /** The call did not answer in time: the outcome of the events is unknown. */
        TIMEOUT,
        /** The endpoint could not be reached or answered with a server error. */
        UNAVAILABLE,
        /** The endpoint refused for lack of capacity. */
        THROTTLED,
        /** The endpoint refused the call itself for a reason of its own side (permissions, a missing stream, keys). */
        REJECTED,
        /**
         * The endpoint refused events as invalid (too large, malformed): the producer's problem, not the sink's; no
         * other sink is tried and no health signal moves.
         */
        INVALID,
        /** The router itself failed unexpectedly during the write: the outcome of the events is unknown. */
        INTERNAL
    }

    private final String sink;
    private final Cause cause;
    private final List<CloudEvent> unconfirmed;

    public SinkWriteException(String sink, Cause cause, List<CloudEvent> unconfirmed, String message, Throwable error) {
        super(sink + " write failed (" + cause + "): " + message, error);
        this.sink = sink;
        this.cause = cause;
        this.unconfirmed = List.copyOf(unconfirmed);
    }

    public String sink() {
        return sink;
    }

    public Cause failureCause() {
        return cause;
    }

    /** The events not confirmed stored, in their original order. */
    public List<CloudEvent> unconfirmed() {
        return unconfirmed;
    }
}
