package dev.pipeline.envelope;

/** An event could not be decoded or breaks a CloudEvents rule; {@link #attribute()} names the culprit if known. */
public class EnvelopeException extends RuntimeException {

    private final String attribute;

    public EnvelopeException(String attribute, String message) {
        super(message);
        this.attribute = attribute;
    }

    public EnvelopeException(String attribute, String message, Throwable cause) {
        super(message, cause);
        this.attribute = attribute;
    }

    /** The attribute at fault, or null when the whole document is. */
    public String attribute() {
        return attribute;
    }
}
