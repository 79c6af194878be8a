package dev.pipeline.delivery.merge;

import java.util.Comparator;
import java.util.Objects;

/**
 * Where an event sorts in the merged feed, the same on every replica: when its source stored it (microseconds),
 * then its lane (source and shard or partition) and its position in that lane (a sequence number or offset), so
 * that events a lane stored in the same millisecond keep the lane's order.
 */
public record SortKey(long micros, String lane, String position) implements Comparable<SortKey> {

    /** Numbers without leading zeros (Kafka offsets, Kinesis' long sequence numbers): shorter is smaller. */
    private static final Comparator<String> NUMERIC = Comparator.comparingInt(String::length)
            .thenComparing(Comparator.naturalOrder());
    private static final Comparator<SortKey> ORDER = Comparator.comparingLong(SortKey::micros)
            .thenComparing(SortKey::lane).thenComparing(SortKey::position, NUMERIC);

    public SortKey {
        Objects.requireNonNull(lane, "lane");
        Objects.requireNonNull(position, "position");
    }

    /** The smallest key at a time: everything stored at or after {@code micros} sorts above it. */
    public static SortKey floor(long micros) {
        return new SortKey(micros, "", "");
    }

    @Override
    public int compareTo(SortKey other) {
        return ORDER.compare(this, other);
    }
}
