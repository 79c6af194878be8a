package dev.pipeline.delivery.sse;

import java.nio.charset.StandardCharsets;

import io.vertx.core.buffer.Buffer;

/**
 * Frames SSE messages so that no value can inject fields: data is split on every CR, LF or CRLF into
 * separate {@code data:} lines (the client joins them back), and single-line fields (id, event, comments)
 * have every control character replaced, so a line break can never end them early.
 */
final class SseFormat {

    private SseFormat() {
    }

    private static final byte[] ID = bytes("id: ");
    private static final byte[] EVENT = bytes("event: ");
    private static final byte[] DATA = bytes("data: ");
    private static final byte LF = '\n';

    /**
     * An event's message, {@code data} being its UTF-8 JSON as stored: written straight into a buffer of the
     * message's size, with no text in between (a message per event is the feed's main allocation while a partner
     * catches up).
     */
    static Buffer message(String id, String event, byte[] data) {
        byte[] idBytes = bytes(singleLine(id));
        byte[] eventBytes = bytes(singleLine(event));
        // exact for data on one line, as events' JSON always is; a buffer grows for each further line
        Buffer out = Buffer.buffer(ID.length + idBytes.length + EVENT.length + eventBytes.length + DATA.length
                + data.length + 4);
        out.appendBytes(ID).appendBytes(idBytes).appendByte(LF);
        out.appendBytes(EVENT).appendBytes(eventBytes).appendByte(LF);
        appendDataLines(out, data);
        return out.appendByte(LF);
    }

    /**
     * One {@code data:} line per line of {@code data}, split on CRLF, CR or LF (bytes that UTF-8 never uses inside a
     * character). A scan, not a regular expression: the merged JSON of every event passes through here, and a pattern
     * split took most of delivery's sampled CPU at 2,000 events/s.
     */
    private static void appendDataLines(Buffer out, byte[] data) {
        int start = 0;
        for (int i = 0; i < data.length; i++) {
            byte b = data[i];
            if (b == '\r' || b == '\n') {
                out.appendBytes(DATA).appendBytes(data, start, i - start).appendByte(LF);
                if (b == '\r' && i + 1 < data.length && data[i + 1] == '\n') {
                    i++;
                }
                start = i + 1;
            }
        }
        out.appendBytes(DATA).appendBytes(data, start, data.length - start).appendByte(LF);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** A named message without an id, so the client's last event id (its resume cursor) stays unchanged. */
    static String control(String event, String data) {
        return "event: " + singleLine(event) + "\ndata: " + singleLine(data) + "\n\n";
    }

    /**
     * A message with only an id: the client takes it as its last event id (its resume cursor) without dispatching an
     * event (WHATWG event-stream: the id is set before a message with empty data is dropped).
     */
    static String idOnly(String id) {
        return "id: " + singleLine(id) + "\n\n";
    }

    static String comment(String text) {
        return ": " + singleLine(text) + "\n\n";
    }

    static String retry(long millis) {
        return "retry: " + millis + "\n";
    }

    /**
     * Replaces control characters (CR, LF, NUL and the rest) so the value stays on its line. A scan per char (no
     * control character is a surrogate, so chars and code points agree), returning the value itself when it has none:
     * every event's id and type pass through here, and a per-code-point stream took a third of the event loop's
     * samples while a partner caught up.
     */
    static String singleLine(String value) {
        int first = firstControl(value);
        if (first < 0) {
            return value;
        }
        StringBuilder out = new StringBuilder(value.length()).append(value, 0, first);
        for (int i = first; i < value.length(); i++) {
            char c = value.charAt(i);
            out.append(Character.isISOControl(c) ? '\uFFFD' : c);
        }
        return out.toString();
    }

    private static int firstControl(String value) {
        for (int i = 0; i < value.length(); i++) {
            if (Character.isISOControl(value.charAt(i))) {
                return i;
            }
        }
        return -1;
    }
}
