package dev.pipeline.delivery.merge;

/**
 * Where a new connection starts in this replica's history: it scans from after {@code startSequence} and skips
 * events sorting at or below {@code skipAtOrBelow}, since those were delivered before (every replica emits in
 * key order, and a replica still catching up emits them later but in order). Late events (emitted out of
 * order) are the exception, since the partner may never have seen them: one emitted after connect time
 * ({@code replayUntil}) is sent, and so is one sorting at or above {@code resendLateFrom} (a resumed cursor
 * minus the late-resend window) — the partner may get it twice, but never not at all.
 */
public record ResumePoint(long startSequence, long replayUntil, SortKey skipAtOrBelow, SortKey resendLateFrom) {

    /** Whether an event was already delivered before (or precedes the requested start). */
    public boolean skips(MergedEvent event) {
        if (skipAtOrBelow == null || event.key().compareTo(skipAtOrBelow) > 0) {
            return false;
        }
        if (!event.late()) {
            return true;
        }
        boolean emittedSinceConnect = event.sequence() > replayUntil;
        boolean withinResendWindow = resendLateFrom != null && event.key().compareTo(resendLateFrom) >= 0;
        return !emittedSinceConnect && !withinResendWindow;
    }
}
