package dev.pipeline.delivery.source;

/**
 * Lets a source reader go on to its next round only while whoever consumes the feed has room: a catch-up read
 * follows its partners' sockets instead of filling memory. The live feed's gate is always open.
 */
public interface ReadGate {

    /** Never waits. */
    ReadGate OPEN = status -> {
    };

    /**
     * Returns once the next round may be read; while it waits it tells {@code status} the reader is
     * {@linkplain SourceStatus#paused() paused}, not failing.
     */
    void awaitRoom(SourceStatus status) throws InterruptedException;
}
