package dev.pipeline.router.kinesis;

import dev.pipeline.router.config.RouterConfig;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.KinesisClientBuilder;

/**
 * Builds the Kinesis client from {@link RouterConfig}: explicit, short call and attempt timeouts so a hung
 * endpoint fails fast instead of blocking, and SDK retries limited to one extra attempt (the router retries
 * failed records itself and fails over rather than retrying a dead endpoint).
 */
@ApplicationScoped
public class KinesisClientProducer {

    @Produces
    @ApplicationScoped
    @Startup
    KinesisClient kinesisClient(RouterConfig config) {
        RouterConfig.Kinesis kinesis = config.kinesis();
        if (kinesis.maxBatchRecords() < 1 || kinesis.maxBatchRecords() > KinesisSink.MAX_RECORDS_PER_CALL) {
            throw new IllegalStateException("router.kinesis.max-batch-records must be within 1.."
                    + KinesisSink.MAX_RECORDS_PER_CALL + ", not " + kinesis.maxBatchRecords());
        }
        KinesisClientBuilder builder = KinesisClient.builder()
                .region(Region.of(kinesis.region()))
                .httpClientBuilder(ApacheHttpClient.builder()
                        .maxConnections(kinesis.maxConnections())
                        .connectionTimeout(kinesis.connectTimeout())
                        .socketTimeout(kinesis.apiCallAttemptTimeout()))
                .overrideConfiguration(ClientOverrideConfiguration.builder()
                        .apiCallTimeout(kinesis.apiCallTimeout())
                        .apiCallAttemptTimeout(kinesis.apiCallAttemptTimeout())
                        .retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder().maxAttempts(2).build())
                        .build());
        kinesis.endpointOverride().ifPresent(builder::endpointOverride);
        AwsCredentialsProvider credentials = kinesis.staticCredentials()
                .<AwsCredentialsProvider>map(c -> StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(c.accessKeyId(), c.secretAccessKey())))
                .orElseGet(() -> DefaultCredentialsProvider.builder().build());
        builder.credentialsProvider(credentials);
        return builder.build();
    }

    void close(@Disposes KinesisClient client) {
        client.close();
    }
}
