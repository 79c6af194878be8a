package dev.pipeline.delivery.partner;

import java.text.ParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.jboss.logging.Logger;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.BadJWTException;

/**
 * Authenticates partners' JWTs. The token's {@code iss} picks the partner and its {@code kid} picks the key within
 * that partner, both before any signature is checked; then the key's own algorithm must be the token's {@code alg}, the
 * signature must verify, and the claims must hold ({@link JwtTrust}). A token with {@code crit} is refused: no
 * extension it could name is understood here. One signature check per token, whatever the number of partners.
 */
final class PartnerJwts implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(PartnerJwts.class);

    /** The outcome of a check: the partner, or why the token was refused (never shown to the client). */
    record Verdict(Optional<Partner> partner, String refusal) {

        static Verdict accepted(Partner partner) {
            return new Verdict(Optional.of(partner), null);
        }

        static Verdict refused(String why) {
            return new Verdict(Optional.empty(), why);
        }
    }

    private final Map<String, JwtTrust> byIssuer = new HashMap<>();

    PartnerJwts(List<JwtTrust> trusts) {
        for (JwtTrust trust : trusts) {
            JwtTrust other = byIssuer.putIfAbsent(trust.issuer(), trust);
            if (other != null) {
                throw new IllegalArgumentException("delivery.partners.\"" + trust.partner().name() + "\".jwt.issuer: \""
                        + trust.issuer() + "\" is the issuer of partner \"" + other.partner().name()
                        + "\" too; the issuer picks the partner, so each must be distinct");
            }
        }
    }

    /** Whether a token has the three dot-separated parts of a signed JWT. */
    static boolean looksLikeJwt(String token) {
        return token.chars().filter(c -> c == '.').count() == 2;
    }

    Verdict check(String token) {
        Verdict verdict = verdict(token);
        if (verdict.partner().isEmpty()) {
            LOG.debugf("partner JWT refused: %s", verdict.refusal());
        }
        return verdict;
    }

    private Verdict verdict(String token) {
        SignedJWT jwt;
        JWTClaimsSet claims;
        try {
            jwt = SignedJWT.parse(token);
            claims = jwt.getJWTClaimsSet();
        } catch (ParseException e) {
            return Verdict.refused("not a signed JWT: " + e.getMessage());
        }
        JWSHeader header = jwt.getHeader();
        if (header.getCriticalParams() != null && !header.getCriticalParams().isEmpty()) {
            return Verdict.refused("crit " + header.getCriticalParams() + " is not understood");
        }
        JwtTrust trust = claims.getIssuer() == null ? null : byIssuer.get(claims.getIssuer());
        if (trust == null) {
            return Verdict.refused("unknown iss " + claims.getIssuer());
        }
        Optional<SigningKey> key = trust.key(header.getKeyID());
        if (key.isEmpty()) {
            return Verdict.refused("partner " + trust.partner().name() + " has no key with kid " + header.getKeyID());
        }
        if (!key.get().algorithm().equals(header.getAlgorithm())) {
            return Verdict.refused("alg " + header.getAlgorithm() + " is not " + key.get().algorithm()
                    + ", the algorithm of key " + header.getKeyID());
        }
        try {
            if (!jwt.verify(key.get().verifier())) {
                return Verdict.refused("signature does not verify with key " + header.getKeyID());
            }
            trust.checkClaims(claims);
        } catch (JOSEException e) {
            return Verdict.refused("signature not checked: " + e.getMessage());
        } catch (BadJWTException e) {
            return Verdict.refused("claims: " + e.getMessage());
        }
        return Verdict.accepted(trust.partner());
    }

    @Override
    public void close() {
        byIssuer.values().forEach(JwtTrust::close);
    }
}
