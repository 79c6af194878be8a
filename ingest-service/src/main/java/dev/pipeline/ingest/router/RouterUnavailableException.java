package dev.pipeline.ingest.router;

/** The router did not confirm the events stored: they must not be acknowledged to the producer. */
public class RouterUnavailableException extends RuntimeException {

    private final long retryAfterSeconds;

    public RouterUnavailableException(String message, Throwable cause, long retryAfterSeconds) {
        super(message, cause);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** How long the producer should wait before sending again. */
    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
