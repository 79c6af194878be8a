package dev.pipeline.tools.load;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

/**
 * One HTTP/1.1 response carrying an event stream, read as bytes however the network splits them: the status line and
 * headers, a chunked or unframed body, and the SSE fields in it ({@code data} lines joined by a line feed, {@code id}
 * kept for a resume, comments and other fields skipped). It allocates nothing per frame, so a bench's thousand
 * partners cost less than the servers they measure.
 */
final class SseResponseParser {

    /** Receives each dispatched message's data (valid in {@code data[0, length)} until the call returns). */
    interface Frames {
        void frame(byte[] data, int length, long receivedNanos);
    }

    private enum State { HEAD, CHUNK_SIZE, CHUNK_EXTENSION, CHUNK_DATA, CHUNK_DATA_END, UNFRAMED, ENDED }

    private static final byte CR = '\r';
    private static final byte LF = '\n';
    private static final byte[] DATA = "data".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ID = "id".getBytes(StandardCharsets.US_ASCII);

    private final Frames frames;
    private State state = State.HEAD;
    private int status;
    private long chunkRemaining;
    private byte[] line = new byte[512];
    private int lineLength;
    private boolean afterCr;
    private byte[] data = new byte[512];
    private int dataLength;
    private boolean hasData;
    private byte[] lastId = new byte[64];
    private int lastIdLength = -1;

    SseResponseParser(Frames frames) {
        this.frames = frames;
    }

    /** The response's status code, 0 until its status line and headers have been read. */
    int status() {
        return state == State.HEAD ? 0 : status;
    }

    /** Whether the chunked body has ended (its last chunk has arrived). */
    boolean ended() {
        return state == State.ENDED;
    }

    /** The last {@code id} field's value, or null when the stream has set none. */
    String lastEventId() {
        return lastIdLength < 0 ? null : new String(lastId, 0, lastIdLength, StandardCharsets.UTF_8);
    }

    /** Reads {@code bytes[from, to)}, the next bytes of the response, which arrived at {@code receivedNanos}. */
    void feed(byte[] bytes, int from, int to, long receivedNanos) {
        int at = from;
        while (at < to) {
            switch (state) {
                case HEAD -> at = head(bytes, at, to);
                case CHUNK_SIZE -> {
                    byte b = bytes[at++];
                    int digit = Character.digit(b, 16);
                    if (digit >= 0) {
                        chunkRemaining = chunkRemaining * 16 + digit;
                    } else if (b == LF) {
                        state = chunkRemaining == 0 ? State.ENDED : State.CHUNK_DATA;
                    } else if (b != CR) {
                        state = State.CHUNK_EXTENSION;
                    }
                }
                case CHUNK_EXTENSION -> {
                    if (bytes[at++] == LF) {
                        state = chunkRemaining == 0 ? State.ENDED : State.CHUNK_DATA;
                    }
                }
                case CHUNK_DATA -> {
                    int take = (int) Math.min(chunkRemaining, to - at);
                    body(bytes, at, at + take, receivedNanos);
                    at += take;
                    chunkRemaining -= take;
                    if (chunkRemaining == 0) {
                        state = State.CHUNK_DATA_END;
                    }
                }
                case CHUNK_DATA_END -> {
                    if (bytes[at++] == LF) {
                        state = State.CHUNK_SIZE;
                    }
                }
                case UNFRAMED -> {
                    body(bytes, at, to, receivedNanos);
                    at = to;
                }
                case ENDED -> at = to;
            }
        }
    }

    /** Collects the head up to its blank line; returns where the body starts (or {@code to} when it has not yet). */
    private int head(byte[] bytes, int from, int to) {
        for (int at = from; at < to; at++) {
            append(bytes[at]);
            if (bytes[at] == LF && lineLength >= 4 && line[lineLength - 2] == CR && line[lineLength - 3] == LF) {
                String head = new String(line, 0, lineLength, StandardCharsets.ISO_8859_1);
                lineLength = 0;
                status = Integer.parseInt(head.substring(head.indexOf(' ') + 1, head.indexOf(' ') + 4));
                state = head.toLowerCase(Locale.ROOT).contains("\ntransfer-encoding: chunked") ? State.CHUNK_SIZE : State.UNFRAMED;
                return at + 1;
            }
        }
        return to;
    }

    /** Splits the body into lines; a line the read holds whole is read in place, a split one is collected first. */
    private void body(byte[] bytes, int from, int to, long receivedNanos) {
        int at = from;
        if (afterCr && at < to && bytes[at] == LF) {
            at++;
        }
        afterCr = false;
        while (at < to) {
            int end = at;
            while (end < to && bytes[end] != LF && bytes[end] != CR) {
                end++;
            }
            if (end == to) {
                appendAll(bytes, at, end);
                return;
            }
            if (lineLength == 0) {
                line(bytes, at, end, receivedNanos);
            } else {
                appendAll(bytes, at, end);
                line(line, 0, lineLength, receivedNanos);
                lineLength = 0;
            }
            at = end + 1;
            if (bytes[end] == CR) {
                if (at == to) {
                    afterCr = true;
                } else if (bytes[at] == LF) {
                    at++;
                }
            }
        }
    }

    private void line(byte[] bytes, int from, int to, long receivedNanos) {
        if (from == to) {
            if (hasData) {
                frames.frame(data, dataLength, receivedNanos);
            }
            hasData = false;
            dataLength = 0;
            return;
        }
        if (bytes[from] == ':') {
            return;
        }
        int colon = indexOf(bytes, from, to, (byte) ':');
        int nameEnd = colon < 0 ? to : colon;
        int valueFrom = colon < 0 ? to : colon + 1;
        if (valueFrom < to && bytes[valueFrom] == ' ') {
            valueFrom++;
        }
        if (named(bytes, from, nameEnd, DATA)) {
            if (hasData) {
                data = ensure(data, dataLength + 1);
                data[dataLength++] = LF;
            }
            hasData = true;
            int length = to - valueFrom;
            data = ensure(data, dataLength + length);
            System.arraycopy(bytes, valueFrom, data, dataLength, length);
            dataLength += length;
        } else if (named(bytes, from, nameEnd, ID) && indexOf(bytes, valueFrom, to, (byte) 0) < 0) {
            lastIdLength = to - valueFrom;
            lastId = ensure(lastId, lastIdLength);
            System.arraycopy(bytes, valueFrom, lastId, 0, lastIdLength);
        }
    }

    private static boolean named(byte[] bytes, int from, int nameEnd, byte[] name) {
        return nameEnd - from == name.length && Arrays.equals(bytes, from, nameEnd, name, 0, name.length);
    }

    private void append(byte b) {
        line = ensure(line, lineLength + 1);
        line[lineLength++] = b;
    }

    private void appendAll(byte[] bytes, int from, int to) {
        line = ensure(line, lineLength + to - from);
        System.arraycopy(bytes, from, line, lineLength, to - from);
        lineLength += to - from;
    }

    private static int indexOf(byte[] bytes, int from, int to, byte b) {
        for (int i = from; i < to; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }

    private static byte[] ensure(byte[] bytes, int length) {
        return length <= bytes.length ? bytes : Arrays.copyOf(bytes, Math.max(length, bytes.length * 2));
    }
}
