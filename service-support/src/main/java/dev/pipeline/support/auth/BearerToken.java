package dev.pipeline.support.auth;

import java.util.Optional;

/** Reads the token of an {@code Authorization: Bearer <token>} header (the scheme in any letter case). */
public final class BearerToken {

    private static final String SCHEME = "Bearer ";

    private BearerToken() {
    }

    /** The token, or empty when the header is missing, of another scheme, or carries a blank token. */
    public static Optional<String> from(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            return Optional.empty();
        }
        String token = authorization.substring(SCHEME.length()).trim();
        return token.isEmpty() ? Optional.empty() : Optional.of(token);
    }
}
