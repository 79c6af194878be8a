package dev.pipeline.delivery.partner;

import static dev.pipeline.delivery.partner.Tokens.claims;
import static dev.pipeline.delivery.partner.Tokens.pem;
import static dev.pipeline.delivery.partner.Tokens.sign;
import static dev.pipeline.delivery.partner.Tokens.signer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;

import dev.pipeline.infra.testing.MutableClock;

/** Partners' JWTs: each key of a rotation is accepted, and each known attack is refused for its own reason. */
class PartnerJwtsTest {

    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    private static final String ALPHA_ISSUER = "https://idp.alpha.example";
    private static final String AUDIENCE = "pipeline-delivery";
    private static final KeyPair ALPHA_RSA = Tokens.rsa();
    private static final KeyPair ALPHA_EC = Tokens.ec();
    private static final KeyPair BETA_EC = Tokens.ec();
    private static final KeyPair STRAY_RSA = Tokens.rsa();

    private final MutableClock clock = new MutableClock(NOW);
    private final Partners partners = Partners.fromConfig(Map.of(
            "alpha", PartnerSettings.jwt(PartnerSettings.keys(ALPHA_ISSUER, Map.of(
                    "a-2025", new PartnerSettings.Key(pem(ALPHA_RSA), Optional.empty()),
                    "a-2026", new PartnerSettings.Key(pem(ALPHA_EC), Optional.of("ES256"))))),
            "beta", PartnerSettings.jwt(PartnerSettings.keys(null, Map.of(
                    "b-1", new PartnerSettings.Key(pem(BETA_EC), Optional.empty()))))), clock);

    @AfterEach
    void close() {
        partners.close();
    }

    @Test
    void eitherKeyOfARotationIsChosenByItsKid() {
        assertAccepted("alpha", sign(signer(ALPHA_RSA), JWSAlgorithm.RS256, "a-2025", alpha().build()));
        assertAccepted("alpha", sign(signer(ALPHA_EC), JWSAlgorithm.ES256, "a-2026", alpha().build()));
        // beta configured no issuer: its tokens carry its name
        assertAccepted("beta", sign(signer(BETA_EC), JWSAlgorithm.ES256, "b-1", claims("beta", AUDIENCE, NOW).build()));
    }

    @Test
    void aWrongOrMissingAudienceIsRefused() {
        assertRefused("aud", sign(signer(ALPHA_RSA), JWSAlgorithm.RS256, "a-2025", alpha().audience("another-service").build()));
        assertRefused("aud", sign(signer(ALPHA_RSA), JWSAlgorithm.RS256, "a-2025", alpha().audience((String) null).build()));
    }

    @Test
    void anExpiredTokenIsRefusedOnceTheLeewayHasPassed() {
        String token = sign(signer(ALPHA_RSA), JWSAlgorithm.RS256, "a-2025", alpha().build());
        assertAccepted("alpha", token);
        clock.advance(Duration.ofSeconds(300).plus(JwtTrust.LEEWAY).plusSeconds(1));
        assertRefused("Expired", token);
        assertRefused("exp", sign(signer(ALPHA_RSA), JWSAlgorithm.RS256, "a-2025", alpha().expirationTime(null).build()));
    }

    @Test
    void aTokenValidForLongerThanTheMaximumLifetimeIsRefused() {
        Date inTwoHours = Date.from(NOW.plus(Duration.ofHours(2)));
        assertRefused("longer than PT1H", sign(signer(ALPHA_RSA), JWSAlgorithm.RS256, "a-2025",
                alpha().expirationTime(inTwoHours).build()));
        assertRefused("longer than PT1H", sign(signer(ALPHA_RSA), JWSAlgorithm.RS256, "a-2025",
                alpha().issueTime(null).expirationTime(inTwoHours).build()));
        assertRefused("iat", sign(signer(ALPHA_RSA), JWSAlgorithm.RS256, "a-2025",
                alpha().issueTime(Date.from(NOW.plusSeconds(120))).build()));
    }

    @Test
    void anAlgorithmOtherThanTheKeysOwnIsRefused() throws Exception {
        // the classic swap: HMAC "signed" with the RSA public key, which a verifier trusting the header would accept
        String hmacWithPublicKey = sign(new MACSigner(ALPHA_RSA.getPublic().getEncoded()), JWSAlgorithm.HS256, "a-2025",
                alpha().build());
        assertRefused("alg HS256 is not RS256", hmacWithPublicKey);
        // a valid RSA signature, but PS256 where the key is configured for RS256
        assertRefused("alg PS256 is not RS256", sign(new RSASSASigner(ALPHA_RSA.getPrivate()), JWSAlgorithm.PS256,
                "a-2025", alpha().build()));
        assertRefused("not a signed JWT", Tokens.unsigned(alpha().build()));
    }

    @Test
    void anUnknownKidIsRefused() {
        assertRefused("no key with kid a-2027", sign(signer(ALPHA_RSA), JWSAlgorithm.RS256, "a-2027", alpha().build()));
        assertRefused("no key with kid null", sign(signer(ALPHA_RSA), JWSAlgorithm.RS256, null, alpha().build()));
    }

    @Test
    void aCriticalHeaderIsRefused() {
        JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("a-2025")
                .criticalParams(Tokens.crit("http://example.com/policy")).customParam("http://example.com/policy", "x")
                .build();
        assertRefused("crit", sign(signer(ALPHA_RSA), header, alpha().build()));
    }

    @Test
    void anotherPartnersKeyIsNeverTried() {
        // alpha's issuer with beta's kid and key: beta's keys are not alpha's
        assertRefused("partner alpha has no key with kid b-1",
                sign(signer(BETA_EC), JWSAlgorithm.ES256, "b-1", alpha().build()));
        // alpha's kid, signed by a key that is not alpha's
        assertRefused("signature does not verify", sign(signer(STRAY_RSA), JWSAlgorithm.RS256, "a-2025", alpha().build()));
    }

    @Test
    void anUnknownOrMissingIssuerIsRefused() {
        assertRefused("unknown iss https://idp.gamma.example", sign(signer(ALPHA_RSA), JWSAlgorithm.RS256, "a-2025",
                alpha().issuer("https://idp.gamma.example").build()));
        assertRefused("unknown iss null", sign(signer(ALPHA_RSA), JWSAlgorithm.RS256, "a-2025", alpha().issuer(null).build()));
    }

    @Test
    void aKeyWithoutKidVerifiesTokensWithoutKid() {
        try (Partners legacy = Partners.fromConfig(Map.of("delta", PartnerSettings.jwt(new PartnerSettings.Jwt(
                Optional.of(pem(ALPHA_RSA)), Optional.empty(), Map.of(), Optional.empty(), AUDIENCE, Duration.ofHours(1),
                Optional.empty(), Duration.ofMinutes(10)))), clock)) {
            String token = sign(signer(ALPHA_RSA), JWSAlgorithm.RS256, null, claims("delta", AUDIENCE, NOW).build());
            assertEquals("delta", legacy.authenticate(token).orElseThrow().name());
            assertTrue(legacy.authenticate(sign(signer(ALPHA_RSA), JWSAlgorithm.RS256, "k", claims("delta", AUDIENCE, NOW)
                    .build())).isEmpty(), "a kid the partner does not have");
        }
    }

    @Test
    void misconfiguredTrustFailsAtStartNamingTheSetting() {
        IllegalArgumentException wrongAlgorithm = assertThrows(IllegalArgumentException.class, () -> Partners.fromConfig(
                Map.of("alpha", PartnerSettings.jwt(PartnerSettings.keys(null, Map.of(
                        "k", new PartnerSettings.Key(pem(ALPHA_RSA), Optional.of("ES256")))))), clock));
        assertTrue(wrongAlgorithm.getMessage().startsWith("delivery.partners.\"alpha\".jwt.keys.\"k\".public-key: "),
                wrongAlgorithm.getMessage());
        IllegalArgumentException sameIssuer = assertThrows(IllegalArgumentException.class, () -> Partners.fromConfig(Map.of(
                "alpha", PartnerSettings.jwt(PartnerSettings.keys("idp", Map.of("k", new PartnerSettings.Key(pem(ALPHA_RSA), Optional.empty())))),
                "beta", PartnerSettings.jwt(PartnerSettings.keys("idp", Map.of("k", new PartnerSettings.Key(pem(BETA_EC), Optional.empty()))))),
                clock));
        assertTrue(sameIssuer.getMessage().contains("each must be distinct"), sameIssuer.getMessage());
        IllegalArgumentException noKey = assertThrows(IllegalArgumentException.class, () -> Partners.fromConfig(
                Map.of("alpha", PartnerSettings.jwt(PartnerSettings.keys(null, Map.of()))), clock));
        assertTrue(noKey.getMessage().contains("jwks-url"), noKey.getMessage());
    }

    private static JWTClaimsSet.Builder alpha() {
        return claims(ALPHA_ISSUER, AUDIENCE, NOW);
    }

    private void assertAccepted(String partner, String token) {
        assertNull(partners.refusal(token));
        assertEquals(partner, partners.authenticate(token).orElseThrow().name());
    }

    private void assertRefused(String reason, String token) {
        String refusal = partners.refusal(token);
        assertTrue(refusal != null && refusal.contains(reason), "refused for \"" + reason + "\", but: " + refusal);
        assertTrue(partners.authenticate(token).isEmpty());
    }
}
