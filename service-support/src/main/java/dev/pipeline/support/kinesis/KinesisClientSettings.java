package dev.pipeline.support.kinesis;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.WithDefault;

/**
 * Kinesis client settings, shared by the services' config mappings (each nests it under its own prefix,
 * e.g. {@code router.kinesis}). Timeouts are explicit and short: a hung endpoint must fail fast.
 */
public interface KinesisClientSettings {

    /** Stream to use. */
    @WithDefault(dev.pipeline.envelope.EventStreams.KINESIS_STREAM)
    String stream();

    /** AWS region of the stream; unset: the AWS default region chain (AWS_REGION, the profile, instance metadata). */
    Optional<String> region();

    /** Endpoint to use instead of AWS's (a local emulator); unset in production. */
    Optional<URI> endpointOverride();

    /** Fixed credentials for a local endpoint; unset in production, where the default AWS chain applies. */
    Optional<StaticCredentials> staticCredentials();

    /** Longest a whole API call may take, SDK retries included. */
    @WithDefault("1500ms")
    Duration apiCallTimeout();

    /** Longest one HTTP attempt of a call may take. */
    @WithDefault("750ms")
    Duration apiCallAttemptTimeout();

    /** Longest a TCP connect to the endpoint may take. */
    @WithDefault("500ms")
    Duration connectTimeout();

    /** Pooled HTTP connections to the endpoint. */
    @WithDefault("64")
    int maxConnections();

    /** Access key pair for a local Kinesis endpoint. */
    interface StaticCredentials {

        /** Access key id. */
        String accessKeyId();

        /** Secret access key. */
        String secretAccessKey();
    }
}
