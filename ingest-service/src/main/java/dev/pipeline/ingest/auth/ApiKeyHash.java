package dev.pipeline.ingest.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/** The stored form of an API key, {@code sha256:<hex>}: the key itself is never kept. */
public final class ApiKeyHash {

    public static final String PREFIX = "sha256:";
    private static final int SHA256_BYTES = 32;

    private ApiKeyHash() {
    }

    /** The SHA-256 digest of a key as presented by a producer. */
    public static byte[] digest(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }

    /** The configured text {@code sha256:<hex>} of a key, as an operator would write it. */
    public static String of(String key) {
        return PREFIX + HexFormat.of().formatHex(digest(key));
    }

    /** Parses a configured hash; throws {@link IllegalArgumentException} naming what is wrong. */
    public static byte[] parse(String configured) {
        String text = configured.trim().toLowerCase(Locale.ROOT);
        if (!text.startsWith(PREFIX)) {
            throw new IllegalArgumentException("an API key hash must start with \"" + PREFIX + "\"");
        }
        byte[] bytes;
        try {
            bytes = HexFormat.of().parseHex(text.substring(PREFIX.length()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("an API key hash must be " + PREFIX + " followed by hex digits");
        }
        if (bytes.length != SHA256_BYTES) {
            throw new IllegalArgumentException("an API key hash must hold 64 hex digits, not " + bytes.length * 2);
        }
        return bytes;
    }

    /** Compares two digests in time independent of where they differ. */
    public static boolean matches(byte[] expected, byte[] presented) {
        return MessageDigest.isEqual(expected, presented);
    }
}
