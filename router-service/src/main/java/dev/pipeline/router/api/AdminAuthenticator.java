package dev.pipeline.router.api;

import java.util.List;

import dev.pipeline.router.config.RouterConfig;
import dev.pipeline.support.auth.BearerToken;
import dev.pipeline.support.auth.CredentialCheck;
import dev.pipeline.support.auth.TokenHash;
import dev.pipeline.support.problem.Problem;
import dev.pipeline.support.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;

/**
 * Checks the operator's bearer token against the configured hashes with the shared {@link CredentialCheck} (two may
 * be valid at once for rotation). Missing credentials: 401; a token that is not an admin token: 403.
 */
@ApplicationScoped
public class AdminAuthenticator {

    private final CredentialCheck<Boolean> tokens;

    public AdminAuthenticator(RouterConfig config) {
        try {
            this.tokens = CredentialCheck.of("router.admin.token-hashes", config.admin().tokenHashes().orElse(List.of()), true);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** Returns a short, non-secret fingerprint of the admin token for the audit log, or throws 401/403. */
    public String authenticate(String authorization) {
        String token = BearerToken.from(authorization).orElseThrow(() -> new ProblemException(Problem.of("unauthorized",
                "Unauthorized", Response.Status.UNAUTHORIZED, "Send the admin token as Authorization: Bearer <token>")));
        if (!tokens.accepts(token)) {
            throw new ProblemException(Problem.of("forbidden", "Forbidden", Response.Status.FORBIDDEN,
                    "This token may not change routing"));
        }
        return TokenHash.fingerprint(token);
    }
}
