package dev.pipeline.tools.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Random;

import org.junit.jupiter.api.Test;

class FrameFieldsTest {

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'");

    @Test
    void readsTheIngestTimeAsIngestStampsItOrInAnyOtherRfc3339Form() {
        Random random = new Random(7);
        for (int i = 0; i < 10_000; i++) {
            long micros = 1_500_000_000_000_000L + (random.nextLong() & 0xffffffffffffL);
            Instant instant = Instant.ofEpochSecond(micros / 1_000_000, (micros % 1_000_000) * 1_000);
            String stamp = STAMP.format(LocalDateTime.ofInstant(instant, ZoneOffset.UTC));
            assertEquals(micros, FrameFields.ingestTimeMicros(bytes(frame(stamp)), frame(stamp).length()), stamp);
        }
        String other = "2026-12-07T16:00:00.5+01:00";
        assertEquals(Instant.parse("2026-12-07T15:00:00.500Z").toEpochMilli() * 1_000,
                FrameFields.ingestTimeMicros(bytes(frame(other)), frame(other).length()));
        String none = "{\"id\":\"r-k-1\"}";
        assertEquals(-1, FrameFields.ingestTimeMicros(bytes(none), none.length()));
    }

    @Test
    void readsTheSequenceThatEndsTheIdOfTheRunsEvents() {
        assertEquals(1234, sequence("{\"specversion\":\"1.0\",\"id\":\"run-7-run-7/3-1234\",\"source\":\"/s\"}"));
        assertEquals(0, sequence("{\"id\":\"run-7-0\"}"));
        assertEquals(-1, sequence("{\"id\":\"run-8-k-3\"}"));
        assertEquals(-1, sequence("{\"id\":\"run-7-k-x\"}"));
        assertEquals(-1, sequence("{\"id\":\"run-7-\"}"));
        assertEquals(-1, sequence("{\"id\":\"run-7\"}"));
        assertEquals(-1, sequence("{\"source\":\"run-7-1\"}"));
        assertEquals(-1, sequence("{\"id\":\"run-7-1"));
    }

    private static long sequence(String data) {
        return FrameFields.idSequence(bytes(data), data.length(), bytes("run-7-"));
    }

    private static String frame(String stamp) {
        return "{\"id\":\"r-k-1\",\"ingesttime\":\"" + stamp + "\",\"data\":{}}";
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
