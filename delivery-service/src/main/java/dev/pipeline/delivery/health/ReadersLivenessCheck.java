package dev.pipeline.delivery.health;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import dev.pipeline.delivery.Replica;
import dev.pipeline.delivery.source.SourceStatus;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Liveness;

/**
 * Liveness: DOWN once a source reader has failed on every attempt for longer than the limit — a replica whose reader
 * keeps failing by itself is better restarted. A source that is merely unreachable (an outage of hours) never makes the
 * replica unlive: restarting would cut its partners off and fix nothing.
 */
@Liveness
@ApplicationScoped
public class ReadersLivenessCheck implements HealthCheck {

    /** How long a reader may keep failing by itself before the replica counts as broken. */
    static final Duration LIMIT = Duration.ofMinutes(2);

    private final Replica replica;
    private final Clock clock = Clock.systemUTC();

    public ReadersLivenessCheck(Replica replica) {
        this.replica = replica;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder builder = HealthCheckResponse.named("source-readers");
        boolean live = true;
        for (SourceStatus source : new SourceStatus[] {replica.kinesisStatus(), replica.kafkaStatus()}) {
            builder.withData(source.name() + "ReaderErrors", source.readerErrors());
            if (source.readerFailingSince().filter(since -> since.isBefore(clock.instant().minus(LIMIT))).isPresent()) {
                builder.withData(source.name(), "reader failing since " + source.readerFailingSince().map(Instant::toString).orElse(""));
                live = false;
            }
        }
        return builder.status(live).build();
    }
}
