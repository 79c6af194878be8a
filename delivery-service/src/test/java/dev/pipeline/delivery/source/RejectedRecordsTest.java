package dev.pipeline.delivery.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/** The listing keeps a bounded number of the latest records, each with a short printable excerpt. */
class RejectedRecordsTest {

    @Test
    void keepsOnlyTheLatestNewestFirstAndCountsEveryOne() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        RejectedRecords rejected = new RejectedRecords(registry, 3, Duration.ofHours(1), Clock.systemUTC());
        for (int i = 0; i < 10; i++) {
            rejected.reject("kafka", "0", Integer.toString(i), RejectReason.NOT_A_CLOUDEVENT, 4, bytes("junk"), "no");
        }
        assertEquals(List.of("9", "8", "7"), rejected.recent().stream().map(RejectedRecord::position).toList());
        assertEquals(10, registry.get("delivery.records.rejected").tag("source", "kafka")
                .tag("reason", RejectReason.NOT_A_CLOUDEVENT).counter().count());
    }

    @Test
    void aCatchUpReadersRejectionsAreNeitherCountedNorKept() {
        RejectedRecords rejected = RejectedRecords.uncounted();
        rejected.reject("kinesis", "shardId-0", "1", RejectReason.TOO_LARGE, 2_000_000, new byte[2_000_000], "big");
        assertTrue(rejected.recent().isEmpty());
    }

    @Test
    void theExcerptIsShortAndPrintable() {
        assertEquals("a.b.c", RejectedRecord.excerpt(new byte[] {'a', 0, 'b', '\n', 'c'}));
        assertEquals("caf\u00e9 .", RejectedRecord.excerpt(new byte[] {'c', 'a', 'f', (byte) 0xc3, (byte) 0xa9, ' ', (byte) 0xff}));
        String longText = RejectedRecord.excerpt(bytes("x".repeat(10_000)));
        assertEquals("x".repeat(RejectedRecord.EXCERPT_CHARS) + "...", longText);
        assertEquals("x".repeat(RejectedRecord.EXCERPT_CHARS), RejectedRecord.excerpt(bytes("x".repeat(RejectedRecord.EXCERPT_CHARS))));
        assertEquals("", RejectedRecord.excerpt(null));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
