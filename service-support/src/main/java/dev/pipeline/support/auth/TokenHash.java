package dev.pipeline.support.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * The stored form of a bearer token, {@code sha256:<64 hex digits>}: services keep only this, never the token.
 * Tokens are long random strings, so an unsalted SHA-256 is enough to make the configured value useless to a reader.
 */
public final class TokenHash {

    /** What every configured hash starts with. */
    public static final String PREFIX = "sha256:";
    private static final int SHA256_BYTES = 32;
    private static final int FINGERPRINT_BYTES = 4;

    private TokenHash() {
    }

    /** The SHA-256 digest of a token as presented. */
    public static byte[] digest(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }

    /** The configured text {@code sha256:<hex>} of a token, as an operator writes it. */
    public static String of(String token) {
        return PREFIX + HexFormat.of().formatHex(digest(token));
    }

    /**
     * A short, non-secret name of a token for audit logs: the first 8 hex digits of its hash, so an operator can
     * tell which configured hash was used (they are its first 8 digits) while the log reveals nothing usable.
     */
    public static String fingerprint(String token) {
        return HexFormat.of().formatHex(digest(token), 0, FINGERPRINT_BYTES);
    }

    /** Parses a configured hash; throws {@link IllegalArgumentException} saying what is wrong. */
    public static byte[] parse(String configured) {
        String text = configured.trim().toLowerCase(Locale.ROOT);
        if (!text.startsWith(PREFIX)) {
            throw new IllegalArgumentException("a token hash must look like " + PREFIX + "<64 hex digits>, not \""
                    + abbreviate(text) + "\"");
        }
        byte[] bytes;
        try {
            bytes = HexFormat.of().parseHex(text.substring(PREFIX.length()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("a token hash must be " + PREFIX + " followed by hex digits only");
        }
        if (bytes.length != SHA256_BYTES) {
            throw new IllegalArgumentException("a token hash must hold 64 hex digits, not " + bytes.length * 2);
        }
        return bytes;
    }

    /** Enough of a malformed value to recognise it, not a whole secret pasted by mistake. */
    private static String abbreviate(String text) {
        return text.length() <= 8 ? text : text.substring(0, 8) + "...";
    }
}
