package dev.pipeline.delivery.merge;

import dev.pipeline.envelope.CloudEvent;

/**
 * An event admitted to the merged feed: its place in this replica's emission order ({@code sequence}, local
 * to the replica), its replica-independent sort key, its single-line JSON, and whether it was emitted late
 * (below keys already emitted, so out of sort order).
 */
public record MergedEvent(long sequence, SortKey key, CloudEvent event, String json, boolean late) {
}
