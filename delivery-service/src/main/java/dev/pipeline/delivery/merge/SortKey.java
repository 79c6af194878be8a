package dev.pipeline.delivery.merge;

import java.util.Comparator;
import java.util.Objects;

/**
 * Where an event sorts in the merged feed on every replica: ingest time in microseconds, then CloudEvents
 * source and id (so two events stamped in the same microsecond still have one fixed order).
 */
public record SortKey(long micros, String source, String id) implements Comparable<SortKey> {

    private static final Comparator<SortKey> ORDER = Comparator.comparingLong(SortKey::micros)
            .thenComparing(SortKey::source).thenComparing(SortKey::id);

    public SortKey {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(id, "id");
    }

    /** The smallest key at a time: everything stamped at or after {@code micros} sorts above it. */
    public static SortKey floor(long micros) {
        return new SortKey(micros, "", "");
    }

    @Override
    public int compareTo(SortKey other) {
        return ORDER.compare(this, other);
    }
}
