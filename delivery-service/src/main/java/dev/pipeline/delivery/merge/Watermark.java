package dev.pipeline.delivery.merge;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import dev.pipeline.delivery.source.SourceStatus;

/**
 * The time below which no more events are expected: the earliest caught-up round start over the live sources,
 * minus the reorder allowance. A source failing for longer than the idle timeout is left out, so a dead source
 * does not stall the feed; with no live source at all everything read so far is released.
 */
final class Watermark {

    private Watermark() {
    }

    /** The watermark in microseconds, or empty while a live source has never caught up. */
    static Optional<Long> compute(List<SourceStatus> sources, Duration allowance) {
        Instant earliest = null;
        boolean anyLive = false;
        for (SourceStatus source : sources) {
            if (!source.live()) {
                continue;
            }
            anyLive = true;
            Optional<Instant> caughtUp = source.caughtUpAt();
            if (caughtUp.isEmpty()) {
                return Optional.empty();
            }
            earliest = earliest == null || caughtUp.get().isBefore(earliest) ? caughtUp.get() : earliest;
        }
        if (!anyLive) {
            return Optional.of(Long.MAX_VALUE);
        }
        return Optional.of(EventTime.micros(earliest.minus(allowance)));
    }
}
