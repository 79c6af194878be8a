package dev.pipeline.delivery.merge;

import dev.pipeline.envelope.CloudEvent;

/**
 * An event admitted to the merged feed: its place in this replica's emission order ({@code sequence}, local
 * to the replica), its replica-independent sort key and its single-line JSON.
 */
public record MergedEvent(long sequence, SortKey key, CloudEvent event, String json) {
}
