package dev.pipeline.delivery.merge;

import java.util.HashMap;
import java.util.Map;

/**
 * One shared instance per distinct value of the strings that repeat across events — lanes, event types, sources —
 * so the history and the duplicate window hold each once rather than once per event. Bounded: beyond
 * {@code maxSize} distinct values, further ones are returned as they are (a source per device must not grow it
 * without limit). Not thread-safe: the merger uses it under its lock.
 */
final class StringPool {

    private final int maxSize;
    private final Map<String, String> pooled = new HashMap<>();

    StringPool(int maxSize) {
        this.maxSize = maxSize;
    }

    /** The pooled instance equal to {@code value}, pooling it if there is room; null for null. */
    String share(String value) {
        if (value == null) {
            return null;
        }
        String shared = pooled.get(value);
        if (shared != null) {
            return shared;
        }
        if (pooled.size() < maxSize) {
            pooled.put(value, value);
        }
        return value;
    }
}
