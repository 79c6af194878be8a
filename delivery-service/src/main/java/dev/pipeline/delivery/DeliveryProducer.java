package dev.pipeline.delivery;

import java.time.Clock;
import java.util.Map;

import dev.pipeline.delivery.config.DeliveryConfig;
import dev.pipeline.delivery.sse.StreamHandler;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import io.smallrye.common.annotation.Identifier;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/** Wires this application's {@link Replica} from configuration, starts it and mounts its stream route. */
@ApplicationScoped
public class DeliveryProducer {

    @Produces
    @Singleton
    @Startup
    Replica replica(DeliveryConfig config, @Identifier("default-kafka-broker") Map<String, Object> kafkaSettings,
                    KinesisClient kinesis, MeterRegistry registry) {
        Replica replica = new Replica(config, kafkaSettings, kinesis, Clock.systemUTC(), registry);
        replica.start();
        return replica;
    }

    void close(@Disposes Replica replica) {
        replica.close();
    }

    void route(@Observes Router router, Replica replica) {
        router.get(StreamHandler.PATH).handler(replica.handler());
    }
}
