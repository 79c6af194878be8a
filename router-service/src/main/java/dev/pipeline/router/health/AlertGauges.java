package dev.pipeline.router.health;

import java.util.List;
import java.util.Locale;

import dev.pipeline.router.routing.RouteMode;
import dev.pipeline.router.routing.RoutingPolicy;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Gauges the chart's alerts watch and no other meter shows: whether each sink is writable
 * ({@code router.sink.writable}, both 0 means producers get 503) and which routing mode is in force
 * ({@code router.mode}, 1 for the current one; anything but auto is an operator override).
 */
@Startup
@ApplicationScoped
public class AlertGauges {

    public AlertGauges(SinkHealths health, RoutingPolicy policy, MeterRegistry registry) {
        for (SinkHealth sink : List.of(health.kinesis(), health.kafka())) {
            Gauge.builder("router.sink.writable", sink, s -> s.writable() ? 1 : 0).tag("sink", sink.sink())
                    .description("1 while the sink is writable").register(registry);
        }
        for (RouteMode mode : RouteMode.values()) {
            Gauge.builder("router.mode", policy, p -> p.mode() == mode ? 1 : 0)
                    .tag("mode", mode.name().toLowerCase(Locale.ROOT))
                    .description("1 for the routing mode in force").register(registry);
        }
    }
}
