package dev.pipeline.support.kinesis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.Proxy;
import java.util.Optional;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import software.amazon.awssdk.regions.Region;

/** An unset region comes from the AWS default region chain (here its first link, the aws.region property). */
class KinesisClientsRegionTest {

    private final String saved = System.getProperty("aws.region");

    @AfterEach
    void restore() {
        if (saved == null) {
            System.clearProperty("aws.region");
        } else {
            System.setProperty("aws.region", saved);
        }
    }

    @Test
    void anUnsetRegionIsTheDefaultChainsAndASetOneWins() {
        System.setProperty("aws.region", "eu-west-1");
        assertEquals(Region.EU_WEST_1, KinesisClients.region(settings(Optional.empty())));
        assertEquals(Region.AP_SOUTHEAST_2, KinesisClients.region(settings(Optional.of("ap-southeast-2"))));
    }

    @Test
    void aClientBuiltWithoutARegionUsesTheChainsRegion() {
        System.setProperty("aws.region", "eu-central-1");
        try (var client = KinesisClients.create(settings(Optional.empty()))) {
            assertEquals(Region.EU_CENTRAL_1, client.serviceClientConfiguration().region());
        }
    }

    private static KinesisClientSettings settings(Optional<String> region) {
        KinesisClientSettings defaults = (KinesisClientSettings) Proxy.newProxyInstance(
                KinesisClientSettings.class.getClassLoader(), new Class<?>[] {KinesisClientSettings.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "region" -> region;
                    case "stream" -> "events";
                    case "endpointOverride", "staticCredentials" -> Optional.empty();
                    case "apiCallTimeout", "connectTimeout" -> java.time.Duration.ofSeconds(1);
                    case "apiCallAttemptTimeout" -> java.time.Duration.ofMillis(500);
                    case "maxConnections" -> 4;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        return defaults;
    }
}
