package dev.pipeline.delivery.watermark;

import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Per lane (a shard or a partition), the time at or after which every record the lane has yet to hand over was
 * stored; the source's bound is the earliest over its open lanes, and there is none while an open lane has none. A
 * lane learns its bound from the records read from it (stored in order) or from reaching its end as of a moment, so a
 * reader still working through a backlog bounds the merge without first reaching the end of every lane. Used by one
 * reader thread.
 */
public final class LaneBounds {

    private final Map<String, Instant> bounds = new HashMap<>();

    /** Raises the lane's bound to {@code bound} (a lane's bound never goes back). */
    public void raise(String lane, Instant bound) {
        bounds.merge(lane, bound, (old, candidate) -> candidate.isAfter(old) ? candidate : old);
    }

    /** The lane's bound, or null while it has none. */
    public Instant of(String lane) {
        return bounds.get(lane);
    }

    /** The lane is closed and read to its end: it holds nothing back any more. */
    public void remove(String lane) {
        bounds.remove(lane);
    }

    /** The earliest bound over {@code open}, or empty while one of them has none. */
    public Optional<Instant> earliest(Collection<String> open) {
        Instant earliest = null;
        for (String lane : open) {
            Instant bound = bounds.get(lane);
            if (bound == null) {
                return Optional.empty();
            }
            earliest = earliest == null || bound.isBefore(earliest) ? bound : earliest;
        }
        return Optional.ofNullable(earliest);
    }
}
