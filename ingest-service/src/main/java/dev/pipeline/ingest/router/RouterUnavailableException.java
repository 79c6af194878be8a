package dev.pipeline.ingest.router;

/** The router did not confirm the events stored: they must not be acknowledged to the producer. */
public class RouterUnavailableException extends RuntimeException {

    public RouterUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
