package dev.pipeline.tools.bench;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;

/**
 * The few fields the fan-out harness reads from a frame's data, read from its bytes without parsing the event: a
 * thousand partners' frames are measured on the cores the servers under test share.
 */
final class FrameFields {

    private static final byte[] INGEST_TIME = "\"ingesttime\":\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ID = "\"id\":\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] QUOTE = {'"'};
    /** The form ingest stamps: {@code uuuu-MM-ddTHH:mm:ss.SSSSSSZ}. */
    private static final int STAMP_LENGTH = 27;

    private FrameFields() {
    }

    /** The event's {@code ingesttime} in microseconds since the epoch, or -1 when it has none. */
    static long ingestTimeMicros(byte[] data, int length) {
        int at = indexOf(data, length, INGEST_TIME, 0);
        if (at < 0) {
            return -1;
        }
        int from = at + INGEST_TIME.length;
        int end = indexOf(data, length, QUOTE, from);
        if (end < 0) {
            return -1;
        }
        if (end - from == STAMP_LENGTH && data[from + 10] == 'T' && data[from + 19] == '.' && data[from + 26] == 'Z') {
            long day = LocalDate.of(digits(data, from, 4), digits(data, from + 5, 2), digits(data, from + 8, 2)).toEpochDay();
            long seconds = day * 86_400 + digits(data, from + 11, 2) * 3_600L + digits(data, from + 14, 2) * 60L
                    + digits(data, from + 17, 2);
            return seconds * 1_000_000 + digits(data, from + 20, 6);
        }
        Instant instant = Instant.parse(new String(data, from, end - from, StandardCharsets.US_ASCII));
        return instant.getEpochSecond() * 1_000_000 + instant.getNano() / 1_000;
    }

    /**
     * The number that ends the event's {@code id} (the load's sequence number) when the id starts with
     * {@code idPrefix} (the load run's events), else -1.
     */
    static long idSequence(byte[] data, int length, byte[] idPrefix) {
        int at = indexOf(data, length, ID, 0);
        if (at < 0) {
            return -1;
        }
        int from = at + ID.length;
        int end = indexOf(data, length, QUOTE, from);
        if (end < from + idPrefix.length || !Arrays.equals(data, from, from + idPrefix.length, idPrefix, 0, idPrefix.length)) {
            return -1;
        }
        long sequence = 0;
        long scale = 1;
        int i = end - 1;
        for (; i >= from && data[i] >= '0' && data[i] <= '9' && scale <= 1_000_000_000_000L; i--) {
            sequence += (data[i] - '0') * scale;
            scale *= 10;
        }
        return i == end - 1 || i < from || data[i] != '-' ? -1 : sequence;
    }

    private static int digits(byte[] data, int from, int count) {
        int value = 0;
        for (int i = from; i < from + count; i++) {
            if (data[i] < '0' || data[i] > '9') {
                throw new IllegalArgumentException("not a digit at " + i);
            }
            value = value * 10 + (data[i] - '0');
        }
        return value;
    }

    private static int indexOf(byte[] data, int length, byte[] pattern, int from) {
        byte first = pattern[0];
        for (int i = from; i <= length - pattern.length; i++) {
            if (data[i] == first && Arrays.equals(data, i, i + pattern.length, pattern, 0, pattern.length)) {
                return i;
            }
        }
        return -1;
    }
}
