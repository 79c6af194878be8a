package dev.pipeline.delivery.sse;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

class SseFormatTest {

    @Test
    void lineBreaksInDataBecomeDataLinesAndCannotStartFields() {
        String framed = SseFormat.message("c1", "t", "a\r\nid: forged\revent: x\nretry: 1");
        assertEquals(List.of("id: c1", "event: t", "data: a", "data: id: forged", "data: event: x", "data: retry: 1", "", ""),
                List.of(framed.split("\n", -1)));
    }

    @Test
    void emptyAndTrailingLinesAreKeptAsTheyWouldBeByTheClient() {
        assertEquals(List.of("data: ", ""), dataLines(""));
        assertEquals(List.of("data: a", "data: ", ""), dataLines("a\r\n"));
        assertEquals(List.of("data: ", "data: ", "data: ", "data: x", ""), dataLines("\r\r\n\nx"));
    }

    private static List<String> dataLines(String data) {
        List<String> lines = List.of(SseFormat.message("c", "t", data).split("\n", -1));
        return lines.subList(2, lines.size() - 1);
    }

    @Test
    void singleLineFieldsLoseTheirControlCharacters() {
        String framed = SseFormat.message("c1", "type\r\ndata: forged\u0000", "{}");
        assertEquals("event: type\uFFFD\uFFFDdata: forged\uFFFD", framed.split("\n")[1]);
        assertEquals(": hi\uFFFDid: x\n\n", SseFormat.comment("hi\nid: x"));
    }
}
