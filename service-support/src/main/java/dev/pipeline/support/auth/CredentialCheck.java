package dev.pipeline.support.auth;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The one check of a presented bearer token against configured {@code sha256:<hex>} hashes, shared by producers,
 * partners' API keys, admin tokens and the internal service credential. Each hash belongs to an owner (a producer, a
 * partner, or simply "allowed"); an owner may have several hashes at once, so a token can be rotated without a gap.
 * The presented token's digest is compared with every configured digest in constant time and without an early exit,
 * so the time taken tells nothing about which hash, or how much of one, matched.
 *
 * @param <T> what a matching token authenticates as
 */
public final class CredentialCheck<T> {

    private record Credential<T>(byte[] digest, T owner) {
    }

    private final List<Credential<T>> credentials;

    private CredentialCheck(List<Credential<T>> credentials) {
        this.credentials = List.copyOf(credentials);
    }

    /** A check where every hash of {@code hashes} is valid and authenticates as {@code owner}. */
    public static <T> CredentialCheck<T> of(String setting, List<String> hashes, T owner) {
        Builder<T> builder = builder();
        hashes.forEach(hash -> builder.add(setting, hash, owner));
        return builder.build();
    }

    public static <T> Builder<T> builder() {
        return new Builder<>();
    }

    /** The owner of the presented token, if one of the configured hashes is its hash. */
    public Optional<T> owner(String token) {
        if (token == null || token.isEmpty()) {
            return Optional.empty();
        }
        byte[] presented = TokenHash.digest(token);
        T match = null;
        for (Credential<T> credential : credentials) {
            // no early exit: every configured hash is compared whatever the outcome
            if (MessageDigest.isEqual(credential.digest(), presented)) {
                match = credential.owner();
            }
        }
        return Optional.ofNullable(match);
    }

    /** Whether the token is one of the configured ones. */
    public boolean accepts(String token) {
        return owner(token).isPresent();
    }

    /** Number of configured hashes. */
    public int size() {
        return credentials.size();
    }

    public boolean isEmpty() {
        return credentials.isEmpty();
    }

    /** Collects hashes; a malformed hash, or one hash given to two owners, fails with the setting named. */
    public static final class Builder<T> {

        private final List<Credential<T>> credentials = new ArrayList<>();
        private final Map<String, T> owners = new HashMap<>();

        private Builder() {
        }

        /** Adds one configured hash; {@code setting} names where it came from, for the error message. */
        public Builder<T> add(String setting, String configuredHash, T owner) {
            byte[] digest;
            try {
                digest = TokenHash.parse(configuredHash);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(setting + ": " + e.getMessage(), e);
            }
            T previous = owners.putIfAbsent(HexFormat.of().formatHex(digest), owner);
            if (previous != null && !previous.equals(owner)) {
                throw new IllegalArgumentException(setting + ": this hash is configured for another owner too; "
                        + "a token must authenticate as one");
            }
            if (previous == null) {
                credentials.add(new Credential<>(digest, owner));
            }
            return this;
        }

        public CredentialCheck<T> build() {
            return new CredentialCheck<>(credentials);
        }
    }
}
