package dev.pipeline.delivery.partner;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;

/**
 * What one partner's tokens must satisfy: its issuer, this service as audience, a bounded lifetime, and a signature
 * by one of its keys — the configured ones by kid (a token without kid: the partner's unnamed key), then those of its
 * JWK set. The key is chosen by the token's kid within this partner only, never by trying keys in turn.
 */
final class JwtTrust implements AutoCloseable {

    /** Clock difference tolerated between the partner's token issuer and this service. */
    static final Duration LEEWAY = Duration.ofSeconds(30);

    private final Partner partner;
    private final String issuer;
    private final Optional<SigningKey> unnamedKey;
    private final Map<String, SigningKey> namedKeys;
    private final Optional<JwksCache> jwks;
    private final Duration maxLifetime;
    private final Clock clock;
    private final DefaultJWTClaimsVerifier<SecurityContext> claims;

    JwtTrust(Partner partner, String issuer, String audience, Optional<SigningKey> unnamedKey,
             Map<String, SigningKey> namedKeys, Optional<JwksCache> jwks, Duration maxLifetime, Clock clock) {
        this.partner = partner;
        this.issuer = issuer;
        this.unnamedKey = unnamedKey;
        this.namedKeys = Map.copyOf(namedKeys);
        this.jwks = jwks;
        this.maxLifetime = maxLifetime;
        this.clock = clock;
        this.claims = new DefaultJWTClaimsVerifier<>(Set.of(audience), new JWTClaimsSet.Builder().issuer(issuer).build(),
                Set.of("exp"), Set.of()) {
            @Override
            protected Date currentTime() {
                return Date.from(JwtTrust.this.clock.instant());
            }
        };
        this.claims.setMaxClockSkew((int) LEEWAY.toSeconds());
    }

    Partner partner() {
        return partner;
    }

    String issuer() {
        return issuer;
    }

    /** The key a token's kid names (null kid: the unnamed key), if this partner has one by that kid. */
    Optional<SigningKey> key(String kid) {
        if (kid == null) {
            return unnamedKey;
        }
        SigningKey named = namedKeys.get(kid);
        if (named != null) {
            return Optional.of(named);
        }
        return jwks.flatMap(set -> set.key(kid));
    }

    /** Checks iss, aud, exp, nbf and the lifetime; throws naming the first claim that fails. */
    void checkClaims(JWTClaimsSet set) throws BadJWTException {
        claims.verify(set, null);
        Instant now = clock.instant();
        Instant expires = set.getExpirationTime().toInstant();
        Instant issued = set.getIssueTime() == null ? now : set.getIssueTime().toInstant();
        if (issued.isAfter(now.plus(LEEWAY))) {
            throw new BadJWTException("iat lies in the future");
        }
        if (Duration.between(issued, expires).compareTo(maxLifetime) > 0) {
            throw new BadJWTException("the token is valid for longer than " + maxLifetime);
        }
    }

    @Override
    public void close() {
        jwks.ifPresent(JwksCache::close);
    }
}
