package dev.pipeline.delivery.watermark;

import java.time.Instant;
import java.util.Optional;

import dev.pipeline.delivery.merge.EventTime;

/**
 * The rule of the merge: the time below which no more events are expected, so events sorting below it can be emitted.
 * It is the earliest, over the live sources, of each source's {@linkplain SourceProgress#bound() bound} — what reading
 * it shows (its caught-up time less its allowance, or the time it said it has handed over everything stored before) — with
 * each source's bound raised by the routers' leases on it ({@link RouterLeases}) as of what has been read of the other. A source
 * failing for longer than the idle timeout is left out, so a dead source does not stall the feed; with no live source
 * everything read is released; while a live source has said nothing that bounds it, there is no watermark.
 */
public final class Watermark {

    private Watermark() {
    }

    /** The watermark in microseconds ({@link Long#MAX_VALUE} with no live source), or empty while one cannot say. */
    public static Optional<Long> compute(SourceProgress kinesis, SourceProgress kafka, RouterLeases leases) {
        if (!kinesis.live() && !kafka.live()) {
            return Optional.of(Long.MAX_VALUE);
        }
        Instant earliest = null;
        if (kafka.live()) {
            Optional<Instant> bound = kafka.bound();
            if (bound.isEmpty()) {
                return Optional.empty();
            }
            earliest = kinesis.live() && kinesis.caughtUpAt() != null
                    ? leases.kafkaBound(bound.get(), kinesis.caughtUpAt(), kafka.allowance()) : bound.get();
        }
        if (kinesis.live()) {
            Optional<Instant> bound = kinesis.bound();
            if (bound.isEmpty()) {
                return Optional.empty();
            }
            Instant kinesisBound = kafka.live() && kafka.caughtUpAt() != null
                    ? leases.kinesisBound(bound.get(), kafka.caughtUpAt(), kinesis.allowance()) : bound.get();
            earliest = earliest == null || kinesisBound.isBefore(earliest) ? kinesisBound : earliest;
        }
        return Optional.of(EventTime.micros(earliest));
    }
}
