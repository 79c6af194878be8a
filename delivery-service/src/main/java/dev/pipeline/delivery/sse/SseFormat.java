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
        for (String line : data.split("\r\n|\r|\n", -1)) {
            out.append("data: ").append(line).append('\n');
        }
        return out.append('\n').toString();
    }

    /** A named message without an id, so the client's last event id (its resume cursor) stays unchanged. */
    static String control(String event, String data) {
        return "event: " + singleLine(event) + "\ndata: " + singleLine(data) + "\n\n";
    }

    static String comment(String text) {
        return ": " + singleLine(text) + "\n\n";
    }

    static String retry(long millis) {
        return "retry: " + millis + "\n";
    }

    /** Replaces control characters (CR, LF, NUL and the rest) so the value stays on its line. */
    static String singleLine(String value) {
        StringBuilder out = new StringBuilder(value.length());
        value.codePoints().forEach(c -> out.appendCodePoint(Character.isISOControl(c) ? '\uFFFD' : c));
        return out.toString();
    }
}
