package dev.pipeline.delivery.merge;

/**
 * An event admitted to the merged feed: its place in this replica's emission order ({@code sequence}, local
 * to the replica), its replica-independent sort key, the attributes it is filtered by, its single-line JSON, and
 * whether it was emitted late (below keys already emitted, so out of sort order). The event itself is only in
 * {@code json}: the history keeps up to {@code delivery.history.max-events} of these.
 */
public record MergedEvent(long sequence, SortKey key, FeedAttributes attributes, String json, boolean late) {
}
