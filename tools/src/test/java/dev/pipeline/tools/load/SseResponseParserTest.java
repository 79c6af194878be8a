package dev.pipeline.tools.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

class SseResponseParserTest {

    private static final String HEAD = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n";
    private static final String STREAM = ": comment\n"
            + "id: c1\ndata: {\"id\":\"a\"}\n\n"
            + "id:c2\r\nevent: x\r\ndata: first\r\ndata:second\r\n\r\n"
            + "retry: 100\rdata: é crlf\r\r"
            + "data\n\n"
            + "id: c3\n\n";
    private static final List<String> FRAMES = List.of("{\"id\":\"a\"}", "first\nsecond", "é crlf", "");

    @Test
    void readsAChunkedStreamHoweverTheNetworkSplitsIt() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes((HEAD + "Transfer-Encoding: chunked\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(chunked(STREAM, 7));
        out.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        byte[] response = out.toByteArray();
        Random random = new Random(19);
        for (int run = 0; run < 200; run++) {
            List<String> frames = new ArrayList<>();
            SseResponseParser parser = new SseResponseParser(collect(frames));
            int at = 0;
            while (at < response.length) {
                int to = run == 0 ? at + 1 : Math.min(response.length, at + 1 + random.nextInt(40));
                parser.feed(response, at, to, 0);
                at = to;
            }
            assertEquals(FRAMES, frames, "run " + run);
            assertEquals("c3", parser.lastEventId());
            assertEquals(200, parser.status());
            assertTrue(parser.ended());
        }
    }

    @Test
    void readsAnUnframedStreamUntilTheConnectionCloses() {
        byte[] response = (HEAD + "\r\n" + STREAM).getBytes(StandardCharsets.UTF_8);
        List<String> frames = new ArrayList<>();
        SseResponseParser parser = new SseResponseParser(collect(frames));
        parser.feed(response, 0, response.length, 0);
        assertEquals(FRAMES, frames);
        assertFalse(parser.ended());
    }

    @Test
    void hasNoStatusBeforeTheHeadEndsAndHandsOverTheArrivalTime() {
        byte[] response = ("HTTP/1.1 410 Gone\r\nContent-Type: application/problem+json\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8);
        SseResponseParser parser = new SseResponseParser(collect(new ArrayList<>()));
        parser.feed(response, 0, response.length - 1, 0);
        assertEquals(0, parser.status());
        parser.feed(response, response.length - 1, response.length, 0);
        assertEquals(410, parser.status());
        assertNull(parser.lastEventId());

        List<Long> times = new ArrayList<>();
        byte[] frame = (HEAD + "\r\ndata: x\n\n").getBytes(StandardCharsets.UTF_8);
        new SseResponseParser((data, length, at) -> times.add(at)).feed(frame, 0, frame.length, 42);
        assertEquals(List.of(42L), times);
    }

    private static SseResponseParser.Frames collect(List<String> frames) {
        return (data, length, at) -> frames.add(new String(data, 0, length, StandardCharsets.UTF_8));
    }

    private static byte[] chunked(String body, int chunk) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int at = 0; at < bytes.length; at += chunk) {
            int length = Math.min(chunk, bytes.length - at);
            out.writeBytes((Integer.toHexString(length) + (at == 0 ? ";ext=1" : "") + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(bytes, at, length);
            out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        return out.toByteArray();
    }
}
