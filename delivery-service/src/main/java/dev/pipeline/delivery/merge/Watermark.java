package dev.pipeline.delivery.merge;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import dev.pipeline.delivery.source.SourceStatus;

/**
 * The time below which no more events are expected: the earliest, over the live sources, of the moment a source
 * was last read to its end minus its {@linkplain SourceStatus#watermarkWait() wait} (its reorder allowance, or the
 * delay with which it recently made a record readable after its storage time, when that is longer), or, where later,
 * the time through which the source said it has handed over everything it stored
 * ({@link SourceStatus#storedThrough()}), which a source still reading a backlog can say before it ever reached its
 * end. Kinesis' bound may rise further by the routers' leases ({@link RouterLeases}), as of what has been read of
 * Kafka. A source failing for longer than the idle timeout is
 * left out, so a dead source does not stall the feed; with no live source everything read is released.
 */
final class Watermark {

    private Watermark() {
    }

    /** The watermark in microseconds, or empty while a live source has said nothing that bounds it. */
    static Optional<Long> compute(List<SourceStatus> sources, RouterLeases leases) {
        Optional<Instant> kafkaCaughtUp = sources.stream()
                .filter(source -> source.name().equals(SourcedEvent.KAFKA) && source.live())
                .findFirst().flatMap(SourceStatus::caughtUpAt);
        Instant earliest = null;
        boolean anyLive = false;
        for (SourceStatus source : sources) {
            if (!source.live()) {
                continue;
            }
            anyLive = true;
            Instant bound = bound(source);
            if (bound == null) {
                return Optional.empty();
            }
            if (source.name().equals(SourcedEvent.KINESIS) && kafkaCaughtUp.isPresent()) {
                bound = leases.kinesisBound(bound, kafkaCaughtUp.get(), source.watermarkWait());
            }
            earliest = earliest == null || bound.isBefore(earliest) ? bound : earliest;
        }
        if (!anyLive) {
            return Optional.of(Long.MAX_VALUE);
        }
        return Optional.of(EventTime.micros(earliest));
    }

    /**
     * The later of what the source's caught-up time and its stored-through time allow, or null while it said neither:
     * a source still reading a backlog (a starting replica, a catch-up from hours ago) never reached its end yet, but
     * the records it read bound what it has yet to hand over.
     */
    private static Instant bound(SourceStatus source) {
        Instant bound = source.caughtUpAt().map(caughtUp -> caughtUp.minus(source.watermarkWait())).orElse(null);
        Optional<Instant> stored = source.storedThrough();
        if (stored.isPresent() && (bound == null || stored.get().isAfter(bound))) {
            bound = stored.get();
        }
        return bound;
    }
}
