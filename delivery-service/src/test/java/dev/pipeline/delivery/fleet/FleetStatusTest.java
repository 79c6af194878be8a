package dev.pipeline.delivery.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/** A delivery replica's fleet status is read from the gauges delivery registers: partners, each source's lag. */
class FleetStatusTest {

    @Test
    void theStatusCarriesPartnersAndEachSourcesLagWithItsUnit() {
        MeterRegistry registry = new SimpleMeterRegistry();
        AtomicLong partners = new AtomicLong(7);
        Gauge.builder("delivery.partners.connected", partners, AtomicLong::get).register(registry);
        Gauge.builder("delivery.source.lag", () -> 250).tags("source", "kinesis", "unit", "ms").register(registry);
        Gauge.builder("delivery.source.lag", () -> 12).tags("source", "kafka", "unit", "records").register(registry);
        Instant now = Instant.parse("2026-12-03T10:00:00Z");

        DeliveryStatus status = FleetStatusPublisher.status(registry, "replica-1", "host-a", now);

        assertEquals("replica-1", status.replica());
        assertEquals(7, status.partnersConnected());
        assertEquals(Map.of("kinesis", 250.0, "kafka", 12.0), status.lag());
        assertEquals(Map.of("kinesis", "ms", "kafka", "records"), status.lagUnits());
        assertEquals(now, status.time());
    }
}
