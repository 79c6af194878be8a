package dev.pipeline.delivery.sse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

class SseFormatTest {

    @Test
    void lineBreaksInDataBecomeDataLinesAndCannotStartFields() {
        String framed = message("c1", "t", "a\r\nid: forged\revent: x\nretry: 1");
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
        List<String> lines = List.of(message("c", "t", data).split("\n", -1));
        return lines.subList(2, lines.size() - 1);
    }

    @Test
    void anEventsJsonIsFramedAsItsBytesWhateverItsCharacters() {
        String json = "{\"id\":\"é-1\",\"data\":\"Grüße 😀\"}";
        assertEquals("id: c1\nevent: t\ndata: " + json + "\n\n", message("c1", "t", json));
    }

    /** The message as its client decodes it (UTF-8). */
    private static String message(String id, String event, String data) {
        return SseFormat.message(id, event, data.getBytes(StandardCharsets.UTF_8)).toString(StandardCharsets.UTF_8);
    }

    @Test
    void singleLineFieldsLoseTheirControlCharacters() {
        String framed = message("c1", "type\r\ndata: forged\u0000", "{}");
        assertEquals("event: type\uFFFD\uFFFDdata: forged\uFFFD", framed.split("\n")[1]);
        assertEquals(": hi\uFFFDid: x\n\n", SseFormat.comment("hi\nid: x"));
    }

    @Test
    void onlyControlCharactersAreReplacedAndOtherCharactersSurviveWhole() {
        // C1 controls (U+0080..U+009F) and DEL are control characters too; a supplementary character is not, whole
        // or as a lone surrogate
        assertEquals("a\uFFFDb\uFFFDc\uFFFD\uD83D\uDE00\uD83D", SseFormat.singleLine("a\u0085b\u007Fc\u009F\uD83D\uDE00\uD83D"));
        assertEquals("\uFFFDtype.é", SseFormat.singleLine("\ttype.é"));
        String clean = "type.with-no-controls";
        assertSame(clean, SseFormat.singleLine(clean), "a clean value is not copied");
    }
}
