package dev.pipeline.infra;

/** A local infrastructure part could not be started or reached; the message says what to do about it. */
public class InfraException extends RuntimeException {

    public InfraException(String message) {
        super(message);
    }

    public InfraException(String message, Throwable cause) {
        super(message, cause);
    }
}
