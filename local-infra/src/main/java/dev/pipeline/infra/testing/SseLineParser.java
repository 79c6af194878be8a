package dev.pipeline.infra.testing;

/**
 * The Server-Sent Events grammar over lines, as the WHATWG EventSource reads it: fields id, event, data and
 * retry; comments; a blank line dispatches the message. The id becomes the resume cursor once its message is
 * dispatched and stays until another id replaces it. Line splitting (CR, LF, CRLF) is the caller's.
 */
public final class SseLineParser {

    /** Receives what the stream carries. */
    public interface Handler {

        /** A dispatched message, with the cursor in force when it was dispatched. */
        void message(String lastEventId, String event, String data);

        /** A comment line, without its colon. */
        default void comment(String text) {
        }

        /** A valid retry: field, in milliseconds. */
        default void retry(long millis) {
        }
    }

    private final Handler handler;
    private volatile String lastEventId;
    private String pendingId;
    private String event;
    private StringBuilder data;

    public SseLineParser(Handler handler) {
        this.handler = handler;
    }

    /** The cursor a reconnecting client sends as Last-Event-ID, or null before any id. */
    public String lastEventId() {
        return lastEventId;
    }

    /** Feeds one line, without its line end. */
    public void line(String line) {
        if (line.isEmpty()) {
            dispatch();
            return;
        }
        if (line.charAt(0) == ':') {
            handler.comment(line.substring(1).trim());
            return;
        }
        int colon = line.indexOf(':');
        String field = colon < 0 ? line : line.substring(0, colon);
        String value = colon < 0 ? "" : line.substring(colon + 1);
        if (value.startsWith(" ")) {
            value = value.substring(1);
        }
        switch (field) {
            case "id" -> pendingId = value;
            case "event" -> event = value;
            case "data" -> data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
            case "retry" -> {
                if (!value.isEmpty() && value.chars().allMatch(Character::isDigit)) {
                    handler.retry(Long.parseLong(value));
                }
            }
            default -> { }
        }
    }

    private void dispatch() {
        if (pendingId != null) {
            lastEventId = pendingId;
            pendingId = null;
        }
        if (data != null) {
            handler.message(lastEventId, event == null ? "message" : event, data.toString());
        }
        event = null;
        data = null;
    }
}
