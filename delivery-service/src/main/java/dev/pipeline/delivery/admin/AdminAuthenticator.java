package dev.pipeline.delivery.admin;

import java.util.List;
import java.util.Optional;

import dev.pipeline.delivery.config.DeliveryConfig;
import dev.pipeline.support.auth.BearerToken;
import dev.pipeline.support.auth.CredentialCheck;
import dev.pipeline.support.problem.Problem;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

/**
 * Checks an operator's bearer token against {@code delivery.admin.token-hashes} with the shared {@link CredentialCheck}
 * (two may be valid at once for rotation). A missing or unknown token gets the same 401, so the answer tells a caller
 * nothing about which tokens exist; with no hash configured every call is refused.
 */
@ApplicationScoped
public class AdminAuthenticator {

    static final String SETTING = "delivery.admin.token-hashes";

    private final CredentialCheck<Boolean> tokens;

    public AdminAuthenticator(DeliveryConfig config) {
        try {
            this.tokens = CredentialCheck.of(SETTING, config.admin().tokenHashes().orElse(List.of()), true);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** The 401 answer for an {@code Authorization} header that carries no admin token, or empty when it does. */
    public Optional<Response> refusal(String authorization) {
        if (BearerToken.from(authorization).map(tokens::accepts).orElse(false)) {
            return Optional.empty();
        }
        Response problem = Problem.of("unauthorized", "Unauthorized", Response.Status.UNAUTHORIZED,
                "Send a delivery admin token as Authorization: Bearer <token> (its hash is configured in " + SETTING + ")")
                .toResponse();
        return Optional.of(Response.fromResponse(problem).header(HttpHeaders.WWW_AUTHENTICATE, "Bearer").build());
    }
}
