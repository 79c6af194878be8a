package dev.pipeline.ingest.decode;

/**
 * Where one event's JSON object lies in a request body ({@code start} inclusive, {@code end} exclusive, after its
 * closing brace), and whether those bytes can be stored as they are with ingest's attributes added: on one line (an
 * SSE frame's {@code data:} line) and with no member set to null (the decoded event leaves such members out).
 */
public record EventSpan(int start, int end, boolean storable) {

    /**
     * The spans of the events of a body the strict reader accepted: its one object, or each object of its array
     * ({@code batch}). Relies on the body being well-formed JSON.
     */
    static EventSpan[] of(byte[] body, boolean batch, int count) {
        EventSpan[] spans = new EventSpan[count];
        int at = skipWhitespace(body, 0);
        if (!batch) {
            spans[0] = object(body, at);
            return spans;
        }
        at++; // the array's bracket
        for (int i = 0; i < count; i++) {
            at = skipWhitespace(body, at);
            spans[i] = object(body, at);
            at = skipWhitespace(body, spans[i].end()) + 1; // past the comma (or the closing bracket)
        }
        return spans;
    }

    /** The object starting at {@code start}: braces and brackets counted outside strings. */
    private static EventSpan object(byte[] body, int start) {
        boolean storable = true;
        int depth = 0;
        for (int i = start; i < body.length; i++) {
            byte b = body[i];
            switch (b) {
                case '"' -> i = endOfString(body, i);
                case '{', '[' -> depth++;
                case '}', ']' -> {
                    if (--depth == 0) {
                        return new EventSpan(start, i + 1, storable);
                    }
                }
                case '\n', '\r' -> storable = false; // whitespace between tokens: inside strings they are escaped
                case 'n' -> storable &= depth != 1; // outside strings an n starts null: a member set to null
                default -> {
                    // other tokens and whitespace
                }
            }
        }
        throw new IllegalArgumentException("not a JSON object at " + start);
    }

    /** The index of the quote that ends the string whose opening quote is at {@code quote}. */
    private static int endOfString(byte[] body, int quote) {
        for (int i = quote + 1; i < body.length; i++) {
            if (body[i] == '\\') {
                i++;
            } else if (body[i] == '"') {
                return i;
            }
        }
        throw new IllegalArgumentException("unterminated string at " + quote);
    }

    private static int skipWhitespace(byte[] body, int at) {
        while (at < body.length && (body[at] == ' ' || body[at] == '\t' || body[at] == '\n' || body[at] == '\r')) {
            at++;
        }
        return at;
    }
}
