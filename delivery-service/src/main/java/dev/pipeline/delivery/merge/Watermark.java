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
 * ({@link SourceStatus#storedThrough()}). Kinesis' bound may rise further by the routers' leases
 * ({@link RouterLeases}), as of what has been read of Kafka. A source failing for longer than the idle timeout is
 * left out, so a dead source does not stall the feed; with no live source everything read is released.
 */
final class Watermark {

    private Watermark() {
    }

    /** The watermark in microseconds, or empty while a live source has never caught up. */
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
            Optional<Instant> caughtUp = source.caughtUpAt();
            if (caughtUp.isEmpty()) {
                return Optional.empty();
            }
            Instant bound = caughtUp.get().minus(source.watermarkWait());
            Optional<Instant> stored = source.storedThrough();
            if (stored.isPresent() && stored.get().isAfter(bound)) {
                bound = stored.get();
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
}
