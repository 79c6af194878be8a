package dev.pipeline.delivery.merge;

/**
 * Where a new connection starts in this replica's history: it scans from after {@code startSequence} and skips
 * events sorting at or below {@code skipAtOrBelow}, since those were delivered before (every replica emits in
 * key order, and a replica still catching up emits them later but in order). A late event (emitted out of
 * order) is skipped only when it was already in the history at connect time ({@code replayUntil}).
 */
public record ResumePoint(long startSequence, long replayUntil, SortKey skipAtOrBelow) {

    /** Whether an event was already delivered before (or precedes the requested start). */
    public boolean skips(MergedEvent event) {
        return skipAtOrBelow != null && event.key().compareTo(skipAtOrBelow) <= 0
                && (!event.late() || event.sequence() <= replayUntil);
    }
}
