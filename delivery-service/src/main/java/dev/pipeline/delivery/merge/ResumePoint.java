package dev.pipeline.delivery.merge;

/**
 * Where a new connection starts in this replica's history: it scans from after {@code startSequence}; up to
 * {@code replayUntil} (the history's end when it connected) it skips events sorting at or below
 * {@code skipAtOrBelow}; everything emitted later is live and delivered whatever its key.
 */
public record ResumePoint(long startSequence, long replayUntil, SortKey skipAtOrBelow) {

    /** Whether a replayed event was already delivered before (or precedes the requested start). */
    public boolean skips(MergedEvent event) {
        return skipAtOrBelow != null && event.sequence() <= replayUntil && event.key().compareTo(skipAtOrBelow) <= 0;
    }
}
