package dev.pipeline.ingest.router;

/**
 * One router did not take a write and another may: it refused the connection, dropped it before answering, or answered
 * 503 (draining, or its sinks are down). Resending to another router is safe: delivery removes duplicates by source+id.
 */
public class RouterDroppedException extends RouterUnavailableException {

    private final String reason;

    public RouterDroppedException(String reason, String message, Throwable cause, long retryAfterSeconds) {
        super(message, cause, retryAfterSeconds);
        this.reason = reason;
    }

    /** Why, as a metric tag: {@code connect}, {@code dropped} or {@code unavailable}. */
    public String reason() {
        return reason;
    }
}
