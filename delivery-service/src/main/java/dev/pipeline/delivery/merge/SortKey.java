package dev.pipeline.delivery.merge;

import java.util.Objects;

/**
 * Where an event sorts in the merged feed, the same on every replica: when its source stored it (microseconds),
 * then its lane (source and shard or partition) and its position in that lane (a sequence number or offset), so
 * that events a lane stored in the same millisecond keep the lane's order.
 */
public record SortKey(long micros, String lane, String position) implements Comparable<SortKey> {

    public SortKey {
        Objects.requireNonNull(lane, "lane");
        Objects.requireNonNull(position, "position");
    }

    /** The smallest key at a time: everything stored at or after {@code micros} sorts above it. */
    public static SortKey floor(long micros) {
        return new SortKey(micros, "", "");
    }

    /**
     * By time, then lane, then position as a number: positions have no leading zeros (Kafka offsets, Kinesis' long
     * sequence numbers), so the shorter is smaller. Written out rather than chained comparators: every event is
     * compared this way several times as it is merged.
     */
    @Override
    public int compareTo(SortKey other) {
        int byTime = Long.compare(micros, other.micros);
        if (byTime != 0) {
            return byTime;
        }
        int byLane = lane.compareTo(other.lane);
        if (byLane != 0) {
            return byLane;
        }
        int byLength = Integer.compare(position.length(), other.position.length());
        return byLength != 0 ? byLength : position.compareTo(other.position);
    }
}
