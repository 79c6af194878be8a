package dev.pipeline.delivery.merge;

import dev.pipeline.envelope.CloudEvent;

/** An event admitted to the merged feed, at its place in this replica's history. */
public record MergedEvent(long sequence, CloudEvent event, String json) {
}
