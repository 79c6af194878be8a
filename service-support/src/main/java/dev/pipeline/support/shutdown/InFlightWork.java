package dev.pipeline.support.shutdown;

import java.time.Duration;

/**
 * The work a service has accepted and not finished, and the gate that stops new work once it shuts down: whatever
 * entered before {@link #close()} may finish; nothing enters after it.
 */
public final class InFlightWork {

    private int running;
    private boolean closed;

    /** Admits one piece of work unless closed; each true is followed by one {@link #exit()}. */
    public synchronized boolean tryEnter() {
        if (closed) {
            return false;
        }
        running++;
        return true;
    }

    /** One piece of work admitted by {@link #tryEnter()} is over. */
    public synchronized void exit() {
        running--;
        if (running == 0) {
            notifyAll();
        }
    }

    /** No new work from now on. */
    public synchronized void close() {
        closed = true;
    }

    public synchronized boolean isClosed() {
        return closed;
    }

    public synchronized int running() {
        return running;
    }

    /** Waits until nothing runs, at most {@code timeout}; returns whether nothing runs. */
    public synchronized boolean awaitIdle(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (running > 0) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return true;
    }
}
