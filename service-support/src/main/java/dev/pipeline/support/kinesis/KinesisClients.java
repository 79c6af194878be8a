package dev.pipeline.support.kinesis;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.KinesisClientBuilder;

/**
 * Builds a synchronous Kinesis client from {@link KinesisClientSettings}: pooled Apache HTTP connections,
 * call and attempt timeouts as configured, and one SDK retry at most (callers decide what a failure means
 * rather than letting the SDK retry a dead endpoint).
 */
public final class KinesisClients {

    private KinesisClients() {
    }

    public static KinesisClient create(KinesisClientSettings settings) {
        KinesisClientBuilder builder = KinesisClient.builder()
                .region(region(settings))
                .httpClientBuilder(ApacheHttpClient.builder()
                        .maxConnections(settings.maxConnections())
                        .connectionTimeout(settings.connectTimeout())
                        .socketTimeout(settings.apiCallAttemptTimeout()))
                .overrideConfiguration(ClientOverrideConfiguration.builder()
                        .apiCallTimeout(settings.apiCallTimeout())
                        .apiCallAttemptTimeout(settings.apiCallAttemptTimeout())
                        .retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder().maxAttempts(2).build())
                        .build());
        settings.endpointOverride().ifPresent(builder::endpointOverride);
        return builder.credentialsProvider(credentials(settings)).build();
    }

    /** The configured static credentials (a local endpoint), or the AWS default credentials chain. */
    public static AwsCredentialsProvider credentials(KinesisClientSettings settings) {
        return settings.staticCredentials()
                .<AwsCredentialsProvider>map(c -> StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(c.accessKeyId(), c.secretAccessKey())))
                .orElseGet(() -> DefaultCredentialsProvider.builder().build());
    }

    /** The configured region, or the one the AWS default region chain finds (as every AWS SDK and CLI does). */
    public static Region region(KinesisClientSettings settings) {
        return settings.region().map(Region::of)
                .orElseGet(() -> DefaultAwsRegionProviderChain.builder().build().getRegion());
    }
}
