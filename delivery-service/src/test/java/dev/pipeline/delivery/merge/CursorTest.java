package dev.pipeline.delivery.merge;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class CursorTest {

    @Test
    void theDirectAsciiEncodingIsByteForByteTheStreamEncodingSoIssuedCursorsStayValid() {
        for (SortKey key : new SortKey[] {
                new SortKey(1_765_000_000_123_456L, "kafka:events-3", "1234567"),
                new SortKey(-1L, "kinesis:shardId-000000000001", "49590338271490256608559692538361571095921575989136588898"),
                new SortKey(0L, "k", ""),
                new SortKey(Long.MAX_VALUE, "\u007F", "~")}) {
            assertArrayEquals(Cursor.dataEncoding(key), Cursor.asciiEncoding(key), key.toString());
            assertEquals(key, Cursor.decode(Cursor.encode(key)));
        }
    }

    @Test
    void lanesOutsideAsciiTakeTheStreamEncoding() {
        SortKey key = new SortKey(42L, "lane-é", "pos\u0000");
        assertNull(Cursor.asciiEncoding(key));
        assertEquals(key, Cursor.decode(Cursor.encode(key)));
    }

    @Test
    void aCursorThisFeedDidNotIssueIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> Cursor.decode("not-a-cursor"));
    }
}
