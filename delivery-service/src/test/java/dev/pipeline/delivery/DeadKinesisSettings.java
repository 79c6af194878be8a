package dev.pipeline.delivery;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

import dev.pipeline.delivery.config.DeliveryConfig;
import dev.pipeline.infra.Ports;
import dev.pipeline.support.kinesis.KinesisClientSettings;

/** Kinesis client settings pointing at a port nothing listens on: a Kinesis that is down. */
record DeadKinesisSettings(DeliveryConfig.Kinesis live) implements KinesisClientSettings {

    @Override
    public String stream() {
        return live.stream();
    }

    @Override
    public Optional<String> region() {
        return live.region();
    }

    @Override
    public Optional<URI> endpointOverride() {
        return Optional.of(URI.create("http://localhost:" + Ports.freePort()));
    }

    @Override
    public Optional<StaticCredentials> staticCredentials() {
        return live.staticCredentials();
    }

    @Override
    public Duration apiCallTimeout() {
        return live.apiCallTimeout();
    }

    @Override
    public Duration apiCallAttemptTimeout() {
        return live.apiCallAttemptTimeout();
    }

    @Override
    public Duration connectTimeout() {
        return live.connectTimeout();
    }

    @Override
    public int maxConnections() {
        return live.maxConnections();
    }
}
