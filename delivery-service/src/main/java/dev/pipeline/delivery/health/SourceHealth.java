package dev.pipeline.delivery.health;

import dev.pipeline.delivery.source.SourceStatus;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;

/**
 * The health response of one source. The replica stays ready while either source is readable (the feed flows
 * from the other during an outage), so a source that is down reports UP with {@code degraded} and its reason
 * unless the other source is down as well. A reader that itself fails (a fault of this replica, not an outage: the
 * other replicas may read fine) reports DOWN until it reads again, so partners are sent elsewhere meanwhile.
 */
final class SourceHealth {

    private SourceHealth() {
    }

    static HealthCheckResponse of(String name, SourceStatus source, SourceStatus other) {
        HealthCheckResponseBuilder builder = HealthCheckResponse.named(name)
                .withData("readable", source.readable())
                .withData("lag", source.lag())
                .withData("lastSuccess", source.lastSuccess().map(Object::toString).orElse("never"));
        source.problem().ifPresent(reason -> builder.withData("reason", reason));
        if (!source.readable()) {
            builder.withData("degraded", other.readable()
                    ? "the feed is served from " + other.name() + " alone"
                    : other.name() + " is not readable either");
        }
        source.readerFailingSince().ifPresent(since -> builder.withData("readerFailingSince", since.toString()));
        return builder.status((source.readable() || other.readable()) && source.readerFailingSince().isEmpty()).build();
    }
}
