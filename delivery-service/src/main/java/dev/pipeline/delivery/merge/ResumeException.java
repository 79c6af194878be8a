package dev.pipeline.delivery.merge;

/** A cursor or start time that the history cannot serve: expired (older than the history) or unknown. */
public final class ResumeException extends RuntimeException {

    /** Why resuming is impossible. */
    public enum Reason { EXPIRED, UNKNOWN }

    private final Reason reason;

    public ResumeException(Reason reason, String detail) {
        super(detail);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
