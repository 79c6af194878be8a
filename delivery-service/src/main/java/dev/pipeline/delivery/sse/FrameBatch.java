package dev.pipeline.delivery.sse;

import io.vertx.core.buffer.Buffer;

/**
 * The frames a connection has ready, gathered for one write and one flush: a socket write with its promise and
 * listener per frame per connection is what fan-out spends its time on, a copy of a frame's bytes is not. Frames are
 * whole and in the order added; a batch is handed over once it holds {@code maxBytes} or more (a larger frame alone).
 */
final class FrameBatch {

    private final int maxBytes;
    private Buffer pending;
    private int frames;

    FrameBatch(int maxBytes) {
        if (maxBytes < 1) {
            throw new IllegalArgumentException("maxBytes must be positive");
        }
        this.maxBytes = maxBytes;
    }

    /** Appends a whole frame after those already gathered. */
    void add(Buffer frame) {
        if (pending == null) {
            pending = Buffer.buffer(Math.max(frame.length(), Math.min(maxBytes, 4 * frame.length())));
        }
        pending.appendBuffer(frame);
        frames++;
    }

    void add(String frame) {
        add(Buffer.buffer(frame));
    }

    /** Whether the batch should be written before more is added. */
    boolean full() {
        return pending != null && pending.length() >= maxBytes;
    }

    boolean isEmpty() {
        return pending == null;
    }

    /** Frames gathered since the last {@link #take()}. */
    int frames() {
        return frames;
    }

    /** The gathered frames as one buffer, leaving the batch empty; null when it is empty. */
    Buffer take() {
        Buffer taken = pending;
        pending = null;
        frames = 0;
        return taken;
    }
}
