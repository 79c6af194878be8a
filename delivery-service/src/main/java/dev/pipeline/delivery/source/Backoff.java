package dev.pipeline.delivery.source;

import java.time.Duration;

/** A pause that doubles after each failure, up to a maximum, and returns to the base after a success. */
public final class Backoff {

    private final Duration base;
    private final Duration max;
    private Duration current;

    public Backoff(Duration base, Duration max) {
        this.base = base;
        this.max = max;
        this.current = base;
    }

    /** The pause before the next attempt after a failure; each call doubles the following one. */
    public Duration failed() {
        Duration pause = current;
        Duration doubled = current.multipliedBy(2);
        current = doubled.compareTo(max) > 0 ? max : doubled;
        return pause;
    }

    public Duration succeeded() {
        current = base;
        return base;
    }
}
