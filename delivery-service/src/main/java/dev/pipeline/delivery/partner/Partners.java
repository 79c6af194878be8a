package dev.pipeline.delivery.partner;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.pipeline.delivery.config.DeliveryConfig;
import dev.pipeline.support.auth.CredentialCheck;
import dev.pipeline.support.auth.TokenHash;

/**
 * The configured partners, authenticating bearer tokens: a token shaped like a JWT (two dots) by {@link PartnerJwts},
 * any other as an API key by the shared {@link CredentialCheck} (SHA-256 hashes, constant time). A partner's JWK set
 * is only ever consulted for that partner's JWTs: API keys never wait on, or fail with, anyone's JWK set.
 */
public final class Partners implements AutoCloseable {

    private final CredentialCheck<Partner> apiKeys;
    private final PartnerJwts jwts;

    Partners(CredentialCheck<Partner> apiKeys, PartnerJwts jwts) {
        this.apiKeys = apiKeys;
        this.jwts = jwts;
    }

    /**
     * Partners from configuration; fails at start-up with the setting named on a malformed hash, pattern or key.
     * Starts fetching the JWK sets configured, without waiting for them.
     */
    public static Partners fromConfig(Map<String, DeliveryConfig.Partner> config, Clock clock) {
        CredentialCheck.Builder<Partner> apiKeys = CredentialCheck.builder();
        List<JwtTrust> trusts = new ArrayList<>();
        config.forEach((name, settings) -> {
            String setting = "delivery.partners.\"" + name + "\".";
            List<TypePattern> patterns = settings.eventTypes().stream().map(TypePattern::parse).toList();
            if (settings.maxStreams() < 1) {
                throw new IllegalArgumentException(setting + "max-streams must be at least 1");
            }
            Partner partner = new Partner(name, patterns, settings.maxStreams());
            settings.apiKeyHashes().orElse(List.of()).forEach(hash -> apiKeys.add(setting + "api-key-hashes", hash, partner));
            settings.jwt().ifPresent(jwt -> trusts.add(trust(partner, setting + "jwt.", jwt, clock)));
        });
        PartnerJwts jwts = new PartnerJwts(trusts);
        return new Partners(apiKeys.build(), jwts);
    }

    private static JwtTrust trust(Partner partner, String setting, DeliveryConfig.Jwt jwt, Clock clock) {
        Optional<SigningKey> unnamed = jwt.publicKey().map(pem -> key(setting + "public-key", null, pem, jwt.algorithm()));
        Map<String, SigningKey> named = new HashMap<>();
        jwt.keys().forEach((kid, key) -> named.put(kid,
                key(setting + "keys.\"" + kid + "\".public-key", kid, key.publicKey(), key.algorithm())));
        if (unnamed.isEmpty() && named.isEmpty() && jwt.jwksUrl().isEmpty()) {
            throw new IllegalArgumentException(setting + "*: set public-key, keys.\"<kid>\".public-key or jwks-url");
        }
        Optional<JwksCache> jwks = jwt.jwksUrl().map(url -> new JwksCache(partner.name(), url, jwt.jwksRefreshInterval()));
        jwks.ifPresent(JwksCache::start);
        return new JwtTrust(partner, jwt.issuer().orElse(partner.name()), jwt.audience(), unnamed, named, jwks,
                jwt.maxLifetime(), clock);
    }

    private static SigningKey key(String setting, String kid, String pem, Optional<String> algorithm) {
        try {
            return SigningKey.fromPem(kid, pem, algorithm);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(setting + ": " + e.getMessage(), e);
        }
    }

    /** The partner this bearer token (API key or JWT) authenticates, if any. */
    public Optional<Partner> authenticate(String token) {
        if (token == null || token.isEmpty()) {
            return Optional.empty();
        }
        if (PartnerJwts.looksLikeJwt(token)) {
            return jwts.check(token).partner();
        }
        return apiKeys.owner(token);
    }

    /** Why a JWT is refused, or null when it is accepted: for tests and diagnosis, never for the client. */
    String refusal(String jwt) {
        return jwts.check(jwt).refusal();
    }

    /** The configuration form of an API key's hash: "sha256:" and the hex digest. */
    public static String hashOf(String apiKey) {
        return TokenHash.of(apiKey);
    }

    /** Stops fetching JWK sets. */
    @Override
    public void close() {
        jwts.close();
    }
}
