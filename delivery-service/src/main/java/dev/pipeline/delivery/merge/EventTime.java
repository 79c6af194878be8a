package dev.pipeline.delivery.merge;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

import dev.pipeline.envelope.CloudEvent;

/**
 * The time an event sorts by: its {@code ingesttime} extension, else its {@code time}, else when this replica
 * read it (the last depends on the replica, so such events may sort differently on two replicas).
 */
public final class EventTime {

    private EventTime() {
    }

    /** Microseconds since the epoch the event sorts at. */
    public static long sortMicros(CloudEvent event, Instant arrival) {
        Long ingest = parse(event.extension(CloudEvent.INGEST_TIME));
        if (ingest != null) {
            return ingest;
        }
        Long time = parse(event.time());
        return time != null ? time : micros(arrival);
    }

    public static long micros(Instant instant) {
        return ChronoUnit.MICROS.between(Instant.EPOCH, instant);
    }

    public static Instant instant(long micros) {
        return Instant.EPOCH.plus(micros, ChronoUnit.MICROS);
    }

    private static Long parse(Object value) {
        if (value == null) {
            return null;
        }
        try {
            return micros(OffsetDateTime.parse(value.toString()).toInstant());
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
