package dev.pipeline.delivery.kinesis;

import dev.pipeline.delivery.config.DeliveryConfig;
import dev.pipeline.support.kinesis.KinesisClients;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/** Delivery's Kinesis client. */
@ApplicationScoped
public class KinesisClientProducer {

    @Produces
    @ApplicationScoped
    KinesisClient kinesisClient(DeliveryConfig config) {
        return KinesisClients.create(config.kinesis());
    }

    void close(@Disposes KinesisClient client) {
        client.close();
    }
}
