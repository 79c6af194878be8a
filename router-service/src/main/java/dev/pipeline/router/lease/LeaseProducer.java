package dev.pipeline.router.lease;

import java.time.Clock;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

/** The router's one {@link KinesisLease}, on the wall clock (delivery compares its times with storage times). */
@ApplicationScoped
public class LeaseProducer {

    @Produces
    @ApplicationScoped
    KinesisLease lease() {
        return new KinesisLease(Clock.systemUTC());
    }
}
