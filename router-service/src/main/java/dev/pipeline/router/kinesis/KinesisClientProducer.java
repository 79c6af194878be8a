package dev.pipeline.router.kinesis;

import dev.pipeline.router.config.RouterConfig;
import dev.pipeline.support.kinesis.KinesisClients;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/** The router's Kinesis client, built at start-up so a bad setting stops the service with a named error. */
@ApplicationScoped
public class KinesisClientProducer {

    @Produces
    @ApplicationScoped
    @Startup
    KinesisClient kinesisClient(RouterConfig config) {
        int batch = config.kinesis().maxBatchRecords();
        if (batch < 1 || batch > KinesisSink.MAX_RECORDS_PER_CALL) {
            throw new IllegalStateException("router.kinesis.max-batch-records must be within 1.."
                    + KinesisSink.MAX_RECORDS_PER_CALL + ", not " + batch);
        }
        return KinesisClients.create(config.kinesis());
    }

    void close(@Disposes KinesisClient client) {
        client.close();
    }
}
