package dev.pipeline.delivery.merge;

import dev.pipeline.envelope.CloudEvent;

/**
 * An event admitted to the merged feed: its place in this replica's emission order ({@code sequence}, local
 * to the replica), its replica-independent sort key, its attributes, its single-line JSON, and whether it was
 * emitted late (below keys already emitted, so out of sort order). The data is only in {@code json}: the history
 * keeps up to {@code delivery.history.max-events} of these, and a parsed data tree per event was most of the heap.
 */
public record MergedEvent(long sequence, SortKey key, CloudEvent attributes, String json, boolean late) {
}
