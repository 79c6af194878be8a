package dev.pipeline.router.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

import dev.pipeline.router.config.RouterConfig;
import dev.pipeline.support.problem.Problem;
import dev.pipeline.support.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;

/**
 * Checks the operator's bearer token against the configured SHA-256 hashes (compared in constant time; two may
 * be valid at once for rotation). Missing credentials: 401; a token that is not an admin token: 403.
 */
@ApplicationScoped
public class AdminAuthenticator {

    private static final String PREFIX = "sha256:";

    private final List<byte[]> hashes;

    public AdminAuthenticator(RouterConfig config) {
        this.hashes = config.admin().tokenHashes().orElse(List.of()).stream()
                .map(hash -> HexFormat.of().parseHex(strip(hash)))
                .toList();
    }

    /** Returns a short, non-secret fingerprint of the admin token for the audit log, or throws 401/403. */
    public String authenticate(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                || authorization.substring(7).isBlank()) {
            throw new ProblemException(Problem.of("unauthorized", "Unauthorized", Response.Status.UNAUTHORIZED,
                    "Send the admin token as Authorization: Bearer <token>"));
        }
        byte[] presented = sha256(authorization.substring(7).trim());
        for (byte[] hash : hashes) {
            if (MessageDigest.isEqual(hash, presented)) {
                return HexFormat.of().formatHex(presented, 0, 4);
            }
        }
        throw new ProblemException(Problem.of("forbidden", "Forbidden", Response.Status.FORBIDDEN,
                "This token may not change routing"));
    }

    private static String strip(String hash) {
        String lower = hash.trim().toLowerCase(Locale.ROOT);
        if (!lower.startsWith(PREFIX)) {
            throw new IllegalStateException("router.admin.token-hashes entries must look like sha256:<64 hex digits>");
        }
        return lower.substring(PREFIX.length());
    }

    private static byte[] sha256(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }
}
