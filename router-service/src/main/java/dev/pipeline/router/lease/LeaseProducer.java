package dev.pipeline.router.lease;

import java.time.Clock;

import dev.pipeline.router.config.RouterConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

/**
 * The router's one {@link KinesisLease}, its {@link RecentKinesisWrites} and its {@link KafkaLease}, on the wall clock
 * (delivery compares their times with storage times).
 */
@ApplicationScoped
public class LeaseProducer {

    @Produces
    @ApplicationScoped
    RecentKinesisWrites recentKinesisWrites(RouterConfig config) {
        return new RecentKinesisWrites(Clock.systemUTC(), config.lease().replayWindow());
    }

    @Produces
    @ApplicationScoped
    KinesisLease lease(RecentKinesisWrites recent) {
        return new KinesisLease(Clock.systemUTC(), recent);
    }

    @Produces
    @ApplicationScoped
    KafkaLease kafkaLease(KinesisLease kinesisLease) {
        return new KafkaLease(Clock.systemUTC(), kinesisLease.router());
    }
}
