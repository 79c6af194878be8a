package dev.pipeline.delivery.merge;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;

/**
 * The resume cursor sent as an SSE id: opaque base64url of a version byte and the {@link SortKey} of the
 * highest-sorted event delivered on the connection.
 */
public final class Cursor {

    /** 2: keys by storage time, lane and position (1 keyed by ingest time, CloudEvents source and id). */
    private static final byte VERSION = 2;

    private Cursor() {
    }

    public static String encode(SortKey key) {
        byte[] ascii = asciiEncoding(key);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(ascii != null ? ascii : dataEncoding(key));
    }

    /**
     * The bytes {@link #dataEncoding} gives, written directly when lane and position are ASCII (Kafka partitions and
     * offsets, Kinesis shard ids and sequence numbers always are): every event's frame carries a cursor, and the
     * stream-based encoding cost a tenth of the event loop's samples while a partner caught up. Null otherwise.
     */
    static byte[] asciiEncoding(SortKey key) {
        String lane = key.lane();
        String position = key.position();
        if (!isShortAscii(lane) || !isShortAscii(position)) {
            return null;
        }
        byte[] out = new byte[1 + Long.BYTES + 2 + lane.length() + 2 + position.length()];
        out[0] = VERSION;
        long micros = key.micros();
        for (int i = 0; i < Long.BYTES; i++) {
            out[1 + i] = (byte) (micros >>> (56 - 8 * i));
        }
        int at = putAscii(out, 1 + Long.BYTES, lane);
        putAscii(out, at, position);
        return out;
    }

    /** Chars 1..127 are one byte each in the modified UTF-8 of {@link DataOutputStream#writeUTF}. */
    private static boolean isShortAscii(String value) {
        if (value.length() > 0xFFFF) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == 0 || c > 0x7F) {
                return false;
            }
        }
        return true;
    }

    private static int putAscii(byte[] out, int at, String value) {
        out[at] = (byte) (value.length() >>> 8);
        out[at + 1] = (byte) value.length();
        for (int i = 0; i < value.length(); i++) {
            out[at + 2 + i] = (byte) value.charAt(i);
        }
        return at + 2 + value.length();
    }

    /** The cursor's bytes as {@link DataOutputStream} writes them; what {@link #decode} reads. */
    static byte[] dataEncoding(SortKey key) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            out.writeLong(key.micros());
            out.writeUTF(key.lane());
            out.writeUTF(key.position());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** Decodes a cursor; throws {@link IllegalArgumentException} when it is not one this service issued. */
    public static SortKey decode(String cursor) {
        try {
            byte[] raw = Base64.getUrlDecoder().decode(cursor.trim());
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(raw));
            if (in.readByte() != VERSION) {
                throw new IllegalArgumentException("unsupported cursor version");
            }
            SortKey key = new SortKey(in.readLong(), in.readUTF(), in.readUTF());
            if (in.available() > 0 || key.lane().isEmpty()) {
                throw new IllegalArgumentException("trailing or missing cursor content");
            }
            return key;
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalArgumentException("Not a cursor issued by this feed", e);
        }
    }
}
