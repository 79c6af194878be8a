package dev.pipeline.ingest.auth;

import java.util.Map;
import java.util.Optional;

import org.jboss.logging.Logger;

import dev.pipeline.ingest.config.IngestConfig;
import dev.pipeline.support.auth.BearerToken;
import dev.pipeline.support.auth.CredentialCheck;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The configured producers and their hashed API keys, checked by the shared {@link CredentialCheck}: a producer
 * with two keys (during a rotation) is accepted with either, and one key never belongs to two producers.
 */
@Startup
@ApplicationScoped
public class ProducerRegistry {

    private static final Logger LOG = Logger.getLogger(ProducerRegistry.class);

    private final CredentialCheck<Producer> credentials;

    public ProducerRegistry(IngestConfig config) {
        CredentialCheck.Builder<Producer> builder = CredentialCheck.builder();
        for (Map.Entry<String, IngestConfig.Producer> entry : config.producers().entrySet()) {
            String name = entry.getKey();
            IngestConfig.Producer settings = entry.getValue();
            if (settings.sources().isEmpty()) {
                throw new IllegalStateException("ingest.producers.\"" + name + "\".sources is empty: list the source "
                        + "prefixes the producer may send, or * for any");
            }
            Producer producer = new Producer(name, settings.sources());
            for (String hash : settings.apiKeyHashes()) {
                try {
                    builder.add("ingest.producers.\"" + name + "\".api-key-hashes", hash, producer);
                } catch (IllegalArgumentException e) {
                    throw new IllegalStateException(e.getMessage(), e);
                }
            }
        }
        this.credentials = builder.build();
        if (credentials.isEmpty()) {
            LOG.warn("No producers configured (ingest.producers.*): every request will be refused with 401");
        } else {
            LOG.infof("%d producer API key(s) configured", credentials.size());
        }
    }

    /** The producer an {@code Authorization} header authenticates, if any. */
    public Optional<Producer> authenticate(String authorization) {
        return BearerToken.from(authorization).flatMap(credentials::owner);
    }
}
