package dev.pipeline.delivery.partner;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.pipeline.delivery.config.DeliveryConfig;

/** Partner configuration built in tests, as the config mapping would hand it over. */
final class PartnerSettings {

    private PartnerSettings() {
    }

    record Partner(Optional<List<String>> apiKeyHashes, List<String> eventTypes, Optional<DeliveryConfig.Jwt> jwt,
                   int maxStreams) implements DeliveryConfig.Partner {
    }

    record Jwt(Optional<String> publicKey, Optional<String> algorithm, Map<String, DeliveryConfig.JwtKey> keys,
               Optional<String> issuer, String audience, Duration maxLifetime, Optional<URI> jwksUrl,
               Duration jwksRefreshInterval) implements DeliveryConfig.Jwt {
    }

    record Key(String publicKey, Optional<String> algorithm) implements DeliveryConfig.JwtKey {
    }

    static Partner apiKeys(List<String> hashes) {
        return new Partner(Optional.of(hashes), List.of("*"), Optional.empty(), 100);
    }

    static Partner jwt(Jwt jwt) {
        return new Partner(Optional.empty(), List.of("*"), Optional.of(jwt), 100);
    }

    /** JWT trust with the defaults of the config mapping and the given keys by kid. */
    static Jwt keys(String issuer, Map<String, DeliveryConfig.JwtKey> keys) {
        return new Jwt(Optional.empty(), Optional.empty(), keys, Optional.ofNullable(issuer), "pipeline-delivery",
                Duration.ofHours(1), Optional.empty(), Duration.ofMinutes(10));
    }
}
