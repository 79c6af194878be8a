package dev.pipeline.ingest.auth;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.jboss.logging.Logger;

import dev.pipeline.ingest.config.IngestConfig;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The configured producers and their hashed API keys. Every key is compared, in constant time, so a
 * producer with two keys (during a rotation) is accepted with either.
 */
@Startup
@ApplicationScoped
public class ProducerRegistry {

    private static final Logger LOG = Logger.getLogger(ProducerRegistry.class);
    private static final String BEARER = "bearer ";

    private record Credential(byte[] digest, Producer producer) {
    }

    private final List<Credential> credentials = new ArrayList<>();

    public ProducerRegistry(IngestConfig config) {
        Set<String> seen = new HashSet<>();
        for (Map.Entry<String, IngestConfig.Producer> entry : config.producers().entrySet()) {
            String name = entry.getKey();
            IngestConfig.Producer settings = entry.getValue();
            if (settings.sources().isEmpty()) {
                throw new IllegalStateException("ingest.producers.\"" + name + "\".sources is empty: list the source "
                        + "prefixes the producer may send, or * for any");
            }
            Producer producer = new Producer(name, settings.sources());
            for (String hash : settings.apiKeyHashes()) {
                byte[] digest;
                try {
                    digest = ApiKeyHash.parse(hash);
                } catch (IllegalArgumentException e) {
                    throw new IllegalStateException("ingest.producers.\"" + name + "\".api-key-hashes: " + e.getMessage());
                }
                if (!seen.add(HexFormat.of().formatHex(digest))) {
                    throw new IllegalStateException("ingest.producers.\"" + name + "\".api-key-hashes: the same key "
                            + "hash is configured twice; every key must belong to one producer");
                }
                credentials.add(new Credential(digest, producer));
            }
        }
        if (credentials.isEmpty()) {
            LOG.warn("No producers configured (ingest.producers.*): every request will be refused with 401");
        } else {
            LOG.infof("%d producer API key(s) configured", credentials.size());
        }
    }

    /** The producer an {@code Authorization} header authenticates, if any. */
    public Optional<Producer> authenticate(String authorization) {
        if (authorization == null || authorization.length() <= BEARER.length()
                || !authorization.substring(0, BEARER.length()).toLowerCase(Locale.ROOT).equals(BEARER)) {
            return Optional.empty();
        }
        String key = authorization.substring(BEARER.length()).trim();
        if (key.isEmpty()) {
            return Optional.empty();
        }
        byte[] presented = ApiKeyHash.digest(key);
        Producer match = null;
        // No early exit: the time taken does not tell which key, or how much of it, matched.
        for (Credential credential : credentials) {
            if (ApiKeyHash.matches(credential.digest(), presented)) {
                match = credential.producer();
            }
        }
        return Optional.ofNullable(match);
    }
}
