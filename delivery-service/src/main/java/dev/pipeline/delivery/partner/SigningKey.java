package dev.pipeline.delivery.partner;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;

/**
 * A partner's public signing key and the one algorithm it verifies. The algorithm is fixed here, from configuration
 * or the key itself, never taken from a token: a token whose {@code alg} differs is refused, so neither {@code none}
 * nor an HMAC "signed" with the public key can pass, and an RSA key is never tried as an EC key or the reverse.
 */
public record SigningKey(String kid, JWSAlgorithm algorithm, JWSVerifier verifier) {

    private static final Set<JWSAlgorithm> RSA = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.RS384, JWSAlgorithm.RS512,
            JWSAlgorithm.PS256, JWSAlgorithm.PS384, JWSAlgorithm.PS512);
    private static final Set<JWSAlgorithm> EC = Set.of(JWSAlgorithm.ES256, JWSAlgorithm.ES384, JWSAlgorithm.ES512);

    /** A key from configuration: PEM ("-----BEGIN PUBLIC KEY-----") or bare base64 X.509, RSA or EC. */
    public static SigningKey fromPem(String kid, String pem, Optional<String> algorithm) {
        byte[] der;
        try {
            der = Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", ""));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not base64 / PEM");
        }
        for (String type : new String[] {"RSA", "EC"}) {
            try {
                PublicKey key = KeyFactory.getInstance(type).generatePublic(new X509EncodedKeySpec(der));
                return of(kid, key, algorithm.map(a -> JWSAlgorithm.parse(a.trim().toUpperCase(Locale.ROOT))));
            } catch (GeneralSecurityException notThisType) {
                // try the other key type
            }
        }
        throw new IllegalArgumentException("not an RSA or EC public key in X.509 (PEM) form");
    }

    /** A key of a partner's JWK set; its {@code alg} member, if any, fixes the algorithm. */
    public static SigningKey fromJwk(JWK jwk) {
        if (jwk.getKeyID() == null || jwk.getKeyID().isBlank()) {
            throw new IllegalArgumentException("a JWK without \"kid\"");
        }
        Optional<JWSAlgorithm> algorithm = Optional.ofNullable(jwk.getAlgorithm()).map(a -> JWSAlgorithm.parse(a.getName()));
        try {
            if (jwk instanceof RSAKey rsa) {
                return of(jwk.getKeyID(), rsa.toRSAPublicKey(), algorithm);
            }
            if (jwk instanceof ECKey ec) {
                return of(jwk.getKeyID(), ec.toECPublicKey(), algorithm);
            }
        } catch (JOSEException e) {
            throw new IllegalArgumentException("an unusable JWK: " + e.getMessage(), e);
        }
        throw new IllegalArgumentException("key type " + jwk.getKeyType() + " (only RSA and EC sign partner tokens)");
    }

    static SigningKey of(String kid, PublicKey key, Optional<JWSAlgorithm> configured) {
        try {
            if (key instanceof RSAPublicKey rsa) {
                JWSAlgorithm algorithm = configured.orElse(JWSAlgorithm.RS256);
                if (!RSA.contains(algorithm)) {
                    throw new IllegalArgumentException(algorithm + " is not an algorithm of an RSA key; use one of " + RSA);
                }
                return new SigningKey(kid, algorithm, new RSASSAVerifier(rsa));
            }
            if (key instanceof ECPublicKey ec) {
                Curve curve = Curve.forECParameterSpec(ec.getParams());
                JWSAlgorithm algorithm = configured.orElseGet(() -> EC.stream()
                        .filter(a -> Curve.forJWSAlgorithm(a).contains(curve)).findFirst()
                        .orElseThrow(() -> new IllegalArgumentException("EC curve " + curve + " signs no JWS algorithm")));
                if (!EC.contains(algorithm) || !Curve.forJWSAlgorithm(algorithm).contains(curve)) {
                    throw new IllegalArgumentException(algorithm + " is not the algorithm of an EC key on " + curve);
                }
                return new SigningKey(kid, algorithm, new ECDSAVerifier(ec));
            }
        } catch (JOSEException e) {
            throw new IllegalArgumentException("an unusable key: " + e.getMessage(), e);
        }
        throw new IllegalArgumentException("not an RSA or EC key");
    }
}
