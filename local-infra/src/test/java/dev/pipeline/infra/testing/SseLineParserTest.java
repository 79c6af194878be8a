package dev.pipeline.infra.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class SseLineParserTest {

    private final List<String> seen = new ArrayList<>();
    private final SseLineParser parser = new SseLineParser(new SseLineParser.Handler() {
        @Override
        public void message(String lastEventId, String event, String data) {
            seen.add(lastEventId + "|" + event + "|" + data);
        }

        @Override
        public void comment(String text) {
            seen.add("comment " + text);
        }

        @Override
        public void retry(long millis) {
            seen.add("retry " + millis);
        }
    });

    @Test
    void readsMessagesAsEventSourceDoes() {
        lines(": hello", "retry: 2000", "retry: soon", "", "id: c1", "event: t", "data: a", "data:b", "",
                "data: no id", "", "id: c2", "", "data: after an empty message", "");
        assertEquals(List.of("comment hello", "retry 2000", "c1|t|a\nb", "c1|message|no id",
                "c2|message|after an empty message"), seen);
        assertEquals("c2", parser.lastEventId());
    }

    private void lines(String... lines) {
        for (String line : lines) {
            parser.line(line);
        }
    }
}
