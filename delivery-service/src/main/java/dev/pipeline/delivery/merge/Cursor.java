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
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            out.writeLong(key.micros());
            out.writeUTF(key.lane());
            out.writeUTF(key.position());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes.toByteArray());
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
