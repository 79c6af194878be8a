package dev.pipeline.delivery.merge;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.pipeline.envelope.CloudEvent;

/**
 * Remembers the identities (source + id) of the most recent events, up to a fixed count, so memory stays
 * bounded under any load; an event seen within that window is a duplicate.
 */
final class DuplicateFilter {

    private final int capacity;
    private final Map<CloudEvent.EventIdentity, Boolean> seen;

    DuplicateFilter(int capacity) {
        this.capacity = capacity;
        this.seen = new LinkedHashMap<>(Math.min(capacity, 1 << 16), 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<CloudEvent.EventIdentity, Boolean> eldest) {
                return size() > DuplicateFilter.this.capacity;
            }
        };
    }

    /** True the first time an identity is offered within the window, false for a duplicate. */
    boolean firstTime(CloudEvent.EventIdentity identity) {
        return seen.put(identity, Boolean.TRUE) == null;
    }
}
