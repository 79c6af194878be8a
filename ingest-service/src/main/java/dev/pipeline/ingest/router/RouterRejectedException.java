package dev.pipeline.ingest.router;

/** The router refused the events as a client error (4xx other than 429): resending them unchanged will not help. */
public class RouterRejectedException extends RuntimeException {

    private final int status;
    private final String body;

    public RouterRejectedException(int status, String body) {
        super("router answered " + status + ": " + body);
        this.status = status;
        this.body = body;
    }

    public int status() {
        return status;
    }

    /** The router's answer, a problem document when it says why. */
    public String body() {
        return body;
    }
}
