package dev.pipeline.router.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.pipeline.envelope.ControlTopic;
import dev.pipeline.infra.testing.MutableClock;

/** The fleet view's rules: fresh, stale after stale-after, left out after forget-after, removed by a tombstone. */
class FleetTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant START = Instant.parse("2026-12-03T10:00:00Z");

    private final MutableClock clock = new MutableClock(START);
    private final Fleet fleet = new Fleet(clock, Duration.ofSeconds(10), Duration.ofMinutes(10));

    @Test
    void aReplicaIsFreshThenStaleThenForgotten() {
        fleet.heard(ControlTopic.ROUTER_PREFIX + "a", status("router", "a"), START);
        fleet.heard(ControlTopic.DELIVERY_PREFIX + "d", status("replica", "d"), START);

        clock.advance(Duration.ofSeconds(10));
        Fleet.View fresh = fleet.view();
        assertEquals(1, fresh.routers().size());
        assertFalse(fresh.routers().get(0).path("stale").asBoolean());
        assertEquals(10_000, fresh.routers().get(0).path("heardAgoMs").asLong());
        assertEquals("d", fresh.deliveries().get(0).path("replica").asText());

        clock.advance(Duration.ofMillis(1));
        assertTrue(fleet.view().routers().get(0).path("stale").asBoolean());
        assertTrue(fleet.view().deliveries().get(0).path("stale").asBoolean());

        clock.advance(Duration.ofMinutes(10));
        assertTrue(fleet.view().routers().isEmpty());
        assertTrue(fleet.view().deliveries().isEmpty());
    }

    @Test
    void theLatestStatusPerReplicaCountsNewestFirstAndATombstoneRemovesIt() {
        fleet.heard(ControlTopic.ROUTER_PREFIX + "a", status("router", "a"), START);
        fleet.heard(ControlTopic.ROUTER_PREFIX + "b", status("router", "b"), START.plusSeconds(1));
        fleet.heard(ControlTopic.ROUTER_PREFIX + "a", status("router", "a"), START.plusSeconds(2));
        List<String> order = fleet.view().routers().stream().map(node -> node.path("router").asText()).toList();
        assertEquals(List.of("a", "b"), order);

        fleet.heard(ControlTopic.ROUTER_PREFIX + "a", null, START.plusSeconds(3));
        assertEquals(List.of("b"), fleet.view().routers().stream().map(node -> node.path("router").asText()).toList());
    }

    private static ObjectNode status(String field, String id) {
        return JSON.createObjectNode().put(field, id);
    }
}
