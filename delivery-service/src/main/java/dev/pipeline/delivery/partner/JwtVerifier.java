package dev.pipeline.delivery.partner;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Verifies a partner's signed JWT (RS256 with an RSA key, ES256 with a P-256 key) against the partner's public
 * key: signature, {@code exp} (required), {@code nbf} and, when configured, {@code iss}. No other algorithm
 * (in particular neither {@code none} nor a shared-secret HS*) is accepted.
 */
public final class JwtVerifier {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Duration LEEWAY = Duration.ofSeconds(30);

    private final PublicKey key;
    private final Optional<String> issuer;
    private final Clock clock;

    public JwtVerifier(PublicKey key, Optional<String> issuer, Clock clock) {
        this.key = key;
        this.issuer = issuer;
        this.clock = clock;
    }

    /** A verifier from a PEM ("-----BEGIN PUBLIC KEY-----") or bare base64 X.509 public key, RSA or EC. */
    public static JwtVerifier fromPem(String pem, Optional<String> issuer, Clock clock) {
        byte[] der = Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", ""));
        for (String algorithm : new String[] {"RSA", "EC"}) {
            try {
                return new JwtVerifier(KeyFactory.getInstance(algorithm).generatePublic(new X509EncodedKeySpec(der)), issuer, clock);
            } catch (GeneralSecurityException tryNext) {
                // not this key type
            }
        }
        throw new IllegalArgumentException("not an RSA or EC public key in X.509 (PEM) form");
    }

    /** Whether a token with two dots looks like a JWT at all. */
    public static boolean looksLikeJwt(String token) {
        return token.chars().filter(c -> c == '.').count() == 2;
    }

    public boolean verify(String token) {
        try {
            String[] parts = token.split("\\.", -1);
            JsonNode header = MAPPER.readTree(Base64.getUrlDecoder().decode(parts[0]));
            String algorithm = switch (header.path("alg").asText()) {
                case "RS256" -> key instanceof RSAPublicKey ? "SHA256withRSA" : null;
                case "ES256" -> key instanceof ECPublicKey ? "SHA256withECDSAinP1363Format" : null;
                default -> null;
            };
            if (algorithm == null) {
                return false;
            }
            Signature signature = Signature.getInstance(algorithm);
            signature.initVerify(key);
            signature.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
            if (!signature.verify(Base64.getUrlDecoder().decode(parts[2]))) {
                return false;
            }
            return claimsValid(MAPPER.readTree(Base64.getUrlDecoder().decode(parts[1])));
        } catch (Exception malformed) {
            return false;
        }
    }

    private boolean claimsValid(JsonNode claims) {
        Instant now = clock.instant();
        if (!claims.path("exp").canConvertToLong() || Instant.ofEpochSecond(claims.get("exp").asLong()).plus(LEEWAY).isBefore(now)) {
            return false;
        }
        if (claims.has("nbf") && Instant.ofEpochSecond(claims.get("nbf").asLong()).minus(LEEWAY).isAfter(now)) {
            return false;
        }
        return issuer.map(expected -> expected.equals(claims.path("iss").asText(null))).orElse(true);
    }
}
