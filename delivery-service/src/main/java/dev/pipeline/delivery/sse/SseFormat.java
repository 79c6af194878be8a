package dev.pipeline.delivery.sse;

/**
 * Frames SSE messages so that no value can inject fields: data is split on every CR, LF or CRLF into
 * separate {@code data:} lines (the client joins them back), and single-line fields (id, event, comments)
 * have every control character replaced, so a line break can never end them early.
 */
final class SseFormat {

    private SseFormat() {
    }

    static String message(String id, String event, String data) {
        StringBuilder out = new StringBuilder(data.length() + 128);
        out.append("id: ").append(singleLine(id)).append('\n');
        out.append("event: ").append(singleLine(event)).append('\n');
        appendDataLines(out, data);
        return out.append('\n').toString();
    }

    /**
     * One {@code data:} line per line of {@code data}, split on CRLF, CR or LF. A scan, not a regular expression: the
     * merged JSON of every event passes through here, and a pattern split took most of delivery's sampled CPU at
     * 2,000 events/s. Events' JSON is kept on one line, so a data value without a line break (found by the JDK's
     * vectorised search) is appended whole.
     */
    private static void appendDataLines(StringBuilder out, String data) {
        if (data.indexOf('\n') < 0 && data.indexOf('\r') < 0) {
            out.append("data: ").append(data).append('\n');
            return;
        }
        int start = 0;
        for (int i = 0; i < data.length(); i++) {
            char c = data.charAt(i);
            if (c == '\r' || c == '\n') {
                out.append("data: ").append(data, start, i).append('\n');
                if (c == '\r' && i + 1 < data.length() && data.charAt(i + 1) == '\n') {
                    i++;
                }
                start = i + 1;
            }
        }
        out.append("data: ").append(data, start, data.length()).append('\n');
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
