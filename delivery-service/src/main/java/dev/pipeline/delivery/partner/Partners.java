package dev.pipeline.delivery.partner;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.pipeline.delivery.config.DeliveryConfig;

/**
 * The configured partners, authenticating bearer tokens: API keys by their SHA-256 hash in constant time (every
 * configured hash is compared, whether or not one already matched, so timing reveals nothing), and JWTs by the
 * signature of a partner's configured public key.
 */
public final class Partners {

    private static final String SHA256 = "sha256:";

    private final List<Partner> partners;

    public Partners(List<Partner> partners) {
        this.partners = List.copyOf(partners);
    }

    /** Partners from configuration; fails at start-up with a named error on a malformed hash or pattern. */
    public static Partners fromConfig(Map<String, DeliveryConfig.Partner> config, Clock clock) {
        List<Partner> partners = new ArrayList<>();
        config.forEach((name, partner) -> {
            List<byte[]> hashes = new ArrayList<>();
            for (String hash : partner.apiKeyHashes().orElse(List.of())) {
                if (!hash.startsWith(SHA256) || hash.length() != SHA256.length() + 64) {
                    throw new IllegalArgumentException("delivery.partners.\"" + name
                            + "\".api-key-hashes: expected \"sha256:<64 hex digits>\"");
                }
                hashes.add(HexFormat.of().parseHex(hash.substring(SHA256.length())));
            }
            List<TypePattern> patterns = partner.eventTypes().stream().map(TypePattern::parse).toList();
            Optional<JwtVerifier> jwt = partner.jwt().map(j -> {
                try {
                    return JwtVerifier.fromPem(j.publicKey(), j.issuer(), clock);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("delivery.partners.\"" + name + "\".jwt.public-key: " + e.getMessage(), e);
                }
            });
            partners.add(new Partner(name, hashes, jwt, patterns));
        });
        return new Partners(partners);
    }

    /** The partner whose API key this is, if any. */
    public Optional<Partner> authenticate(String token) {
        if (token == null || token.isEmpty()) {
            return Optional.empty();
        }
        if (JwtVerifier.looksLikeJwt(token)) {
            return partners.stream().filter(p -> p.jwt().map(v -> v.verify(token)).orElse(false)).findFirst();
        }
        byte[] hash = sha256(token);
        Partner found = null;
        for (Partner partner : partners) {
            for (byte[] candidate : partner.keyHashes()) {
                if (MessageDigest.isEqual(candidate, hash)) {
                    found = partner;
                }
            }
        }
        return Optional.ofNullable(found);
    }

    /** The configuration form of an API key's hash: "sha256:" and the hex digest. */
    public static String hashOf(String apiKey) {
        return SHA256 + HexFormat.of().formatHex(sha256(apiKey));
    }

    private static byte[] sha256(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }
}
