package dev.pipeline.delivery.watermark;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * How far one source is known to have been read, as the watermark needs it; the readers report, the rule
 * ({@link Watermark}) decides. {@code live}: the source still holds the watermark back (it read successfully within
 * the idle timeout, or is within its startup timeout). {@code caughtUpAt}: start of its latest round that read every
 * lane to its end, null before one. {@code storedThrough}: every record it has yet to hand over was stored at or after
 * this, null if it never said. {@code allowance}: how far the watermark trails its caught-up time (its reorder allowance, or
 * the longer delay with which it recently made a record readable).
 */
public record SourceProgress(boolean live, Instant caughtUpAt, Instant storedThrough, Duration allowance) {

    /** A source that no longer holds the watermark back (failing for longer than the idle timeout). */
    public static SourceProgress dead() {
        return new SourceProgress(false, null, null, Duration.ZERO);
    }

    /**
     * The time below which this source hands over nothing more: the later of its caught-up time less its allowance and its
     * stored-through time; empty while it said neither (a live source then holds the watermark where it is).
     */
    public Optional<Instant> bound() {
        Instant bound = caughtUpAt == null ? null : caughtUpAt.minus(allowance);
        if (storedThrough != null && (bound == null || storedThrough.isAfter(bound))) {
            bound = storedThrough;
        }
        return Optional.ofNullable(bound);
    }
}
