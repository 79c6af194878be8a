package dev.pipeline.delivery.merge;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

import dev.pipeline.envelope.CloudEvent;

/**
 * The time an event sorts by: when its source stored it (Kinesis' arrival timestamp, Kafka's record timestamp:
 * the broker's append time on a LogAppendTime topic, else the router's send time). That, unlike the ingest time
 * stamped before the write, lags the moment the event becomes readable only by the source's own propagation, so a
 * short reorder allowance covers it even when writes queue up. Without one: the {@code ingesttime} extension, else
 * {@code time}, else when this replica read it (the last depends on the replica).
 */
public final class EventTime {

    private EventTime() {
    }

    /** Microseconds since the epoch the event sorts at. */
    public static long sortMicros(SourcedEvent read, Instant arrival) {
        if (read.appended() != null) {
            return micros(read.appended());
        }
        CloudEvent event = read.event();
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
