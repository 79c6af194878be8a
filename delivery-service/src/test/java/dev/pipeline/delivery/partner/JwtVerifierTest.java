package dev.pipeline.delivery.partner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.pipeline.infra.testing.MutableClock;

class JwtVerifierTest {

    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private final MutableClock clock = new MutableClock(NOW);

    @Test
    void acceptsAValidRs256TokenUntilItExpires() throws Exception {
        KeyPair rsa = rsa();
        JwtVerifier verifier = JwtVerifier.fromPem(pem(rsa), Optional.of("https://idp.acme.example"), clock);
        String token = sign(rsa, "RS256", "SHA256withRSA", "{\"iss\":\"https://idp.acme.example\",\"exp\":"
                + NOW.plusSeconds(300).getEpochSecond() + "}");
        assertTrue(verifier.verify(token));
        clock.advance(Duration.ofMinutes(10));
        assertFalse(verifier.verify(token), "expired");
    }

    @Test
    void acceptsEs256AndRejectsWrongIssuerKeyAlgorithmOrMissingExpiry() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair ec = generator.generateKeyPair();
        JwtVerifier verifier = JwtVerifier.fromPem(pem(ec), Optional.of("acme"), clock);
        String exp = "\"exp\":" + NOW.plusSeconds(60).getEpochSecond();
        assertTrue(verifier.verify(sign(ec, "ES256", "SHA256withECDSAinP1363Format", "{\"iss\":\"acme\"," + exp + "}")));
        assertFalse(verifier.verify(sign(ec, "ES256", "SHA256withECDSAinP1363Format", "{\"iss\":\"other\"," + exp + "}")));
        assertFalse(verifier.verify(sign(ec, "ES256", "SHA256withECDSAinP1363Format", "{\"iss\":\"acme\"}")));
        assertFalse(verifier.verify(sign(rsa(), "RS256", "SHA256withRSA", "{\"iss\":\"acme\"," + exp + "}")));
        String unsigned = B64.encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + B64.encodeToString(("{\"iss\":\"acme\"," + exp + "}").getBytes(StandardCharsets.UTF_8)) + ".";
        assertFalse(verifier.verify(unsigned), "alg none");
        assertFalse(verifier.verify("a.b.c"));
    }

    @Test
    void partnersAuthenticateAJwtByTheirKey() throws Exception {
        KeyPair alphaKey = rsa();
        KeyPair betaKey = rsa();
        Partner alpha = new Partner("alpha", List.of(), Optional.of(JwtVerifier.fromPem(pem(alphaKey), Optional.empty(), clock)),
                List.of(TypePattern.parse("*")));
        Partner beta = new Partner("beta", List.of(), Optional.of(JwtVerifier.fromPem(pem(betaKey), Optional.empty(), clock)),
                List.of(TypePattern.parse("*")));
        Partners partners = new Partners(List.of(alpha, beta));
        String claims = "{\"exp\":" + NOW.plusSeconds(60).getEpochSecond() + "}";
        assertEquals("beta", partners.authenticate(sign(betaKey, "RS256", "SHA256withRSA", claims)).orElseThrow().name());
        assertTrue(partners.authenticate(sign(rsa(), "RS256", "SHA256withRSA", claims)).isEmpty());
    }

    private static KeyPair rsa() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        return generator.generateKeyPair();
    }

    private static String pem(KeyPair pair) {
        return "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder().encodeToString(pair.getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
    }

    private static String sign(KeyPair pair, String alg, String javaAlgorithm, String claims) throws Exception {
        String input = B64.encodeToString(("{\"alg\":\"" + alg + "\",\"typ\":\"JWT\"}").getBytes(StandardCharsets.UTF_8))
                + "." + B64.encodeToString(claims.getBytes(StandardCharsets.UTF_8));
        Signature signature = Signature.getInstance(javaAlgorithm);
        signature.initSign(pair.getPrivate());
        signature.update(input.getBytes(StandardCharsets.US_ASCII));
        return input + "." + B64.encodeToString(signature.sign());
    }
}
