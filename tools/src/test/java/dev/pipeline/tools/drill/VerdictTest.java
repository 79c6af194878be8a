package dev.pipeline.tools.drill;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.pipeline.tools.Percentiles;

/** The drill's verdict from crafted fleets and outcomes: INVALID whenever a precondition failed, never PASSED. */
class VerdictTest {

    /**
     * Columns: scenario; each router as {@code ready/state/target}, {@code |}-separated; each delivery replica's
     * readiness, {@code |}-separated; lost; producer errors; expected verdict; a word the reason must contain.
     */
    @ParameterizedTest(name = "{0} routers [{1}] deliveries [{2}] lost {3} producer errors {4} -> {5}")
    @CsvSource(delimiter = ';', textBlock = """
            kinesis-hang;             ready/PRIMARY/kinesis;                               ready;       0; 0; PASSED;
            kinesis-hang;             ready/PRIMARY/kinesis;                               ready;       1; 0; FAILED;
            kinesis-hang;             ready/RECOVERING/kafka;                              ready;       0; 0; INVALID; RECOVERING
            kinesis-down;             ready/PRIMARY/kinesis|ready/FAILED_OVER/kafka;       ready;       0; 0; INVALID; router-2
            kafka-down;               ready/FAILING_OVER/kafka;                            ready;       0; 0; INVALID; FAILING_OVER
            kinesis-hang;             ready/PRIMARY/kinesis|unready/PRIMARY/kinesis;       ready;       0; 0; INVALID; router-2 was not ready
            kinesis-hang;             ready/PRIMARY/kinesis;                               ready|unready; 0; 0; INVALID; delivery-2 was not ready
            router-restart;           ready/RECOVERING/kafka;                              ready;       0; 5; PASSED;
            router-rolling-restart;   ready/PRIMARY/kinesis;                               ready;       0; 0; INVALID; at least 2 routers
            router-rolling-restart;   ready/PRIMARY/kinesis|ready/PRIMARY/kinesis;         ready;       0; 0; PASSED;
            router-rolling-restart;   ready/PRIMARY/kinesis|ready/PRIMARY/kinesis;         ready;       0; 3; FAILED;
            delivery-rolling-restart; ready/PRIMARY/kinesis;                               ready;       0; 0; INVALID; at least 2 delivery
            delivery-rolling-restart; ready/PRIMARY/kinesis;                               ready|ready; 0; 0; PASSED;
            fleet-override;           ready/PRIMARY/kinesis|ready/PRIMARY/kafka;           ready;       0; 0; INVALID; router-2
            fleet-override;           ready/PRIMARY/kinesis|ready/PRIMARY/kinesis;         ready;       0; 0; PASSED;
            """)
    void verdictOfCraftedDrills(String scenarioName, String routers, String deliveries, long lost, long producerErrors,
                                Verdict expected, String reasonMentions) {
        Scenario scenario = Scenario.fromCli(scenarioName);
        String reason = Preconditions.violated(scenario, fleet(routers, deliveries)).orElse(null);

        assertEquals(expected, Verdict.of(scenario, outcome(lost), producerErrors, 0, 800L, reason));
        if (expected == Verdict.INVALID) {
            assertTrue(reason.contains(reasonMentions), "the reason names what failed: " + reason);
        }
    }

    @Test
    void aKafkaFaultDuringWhichTheRouterFailedOverMeasuredNoHealthyKinesis() {
        assertEquals(Optional.empty(), Preconditions.violatedDuring(Scenario.KAFKA_DOWN, 0));
        assertTrue(Preconditions.violatedDuring(Scenario.KAFKA_HANG, 1).orElseThrow().contains("Kinesis was impaired"));
        assertEquals(Optional.empty(), Preconditions.violatedDuring(Scenario.KINESIS_HANG, 1), "its failover is the point");
    }

    @Test
    void aFleetOverrideThatSomeRouterDidNotFollowFails() {
        FleetSnapshot fleet = fleet("ready/PRIMARY/kinesis|ready/PRIMARY/kinesis", "ready");
        assertEquals(Verdict.FAILED, Verdict.of(Scenario.FLEET_OVERRIDE, outcome(0), 0, 0, null,
                Preconditions.violated(Scenario.FLEET_OVERRIDE, fleet).orElse(null)));
        assertEquals(Verdict.PASSED, Verdict.of(Scenario.FLEET_OVERRIDE, outcome(0), 0, 0, 1_200L, null));
    }

    @Test
    void anInvalidDrillSaysSoInItsJsonAndSummaryAndDoesNotPass() throws Exception {
        String reason = Preconditions.violated(Scenario.KINESIS_HANG, fleet("ready/RECOVERING/kafka", "ready"))
                .orElseThrow();
        DrillReport report = report(Verdict.of(Scenario.KINESIS_HANG, outcome(0), 0, 0, null, reason), reason);

        assertFalse(report.passed(), "an invalid drill never passes, even with nothing lost");
        JsonNode json = new ObjectMapper().readTree(report.jsonLine());
        assertEquals("INVALID", json.path("verdict").asText());
        assertEquals(reason, json.path("invalid_reason").asText());
        assertTrue(report.summary().contains("INVALID (" + reason + ")"), report.summary());
    }

    @Test
    void aValidCleanDrillPasses() throws Exception {
        DrillReport report = report(Verdict.of(Scenario.KINESIS_HANG, outcome(0), 0, 0, null, null), null);

        assertTrue(report.passed());
        assertEquals("PASSED", new ObjectMapper().readTree(report.jsonLine()).path("verdict").asText());
        assertTrue(report.summary().startsWith("drill kinesis-hang: PASSED\n"), report.summary());
    }

    private static FleetSnapshot fleet(String routers, String deliveries) {
        List<ReplicaState> routerStates = new ArrayList<>();
        String[] each = routers.split("\\|");
        for (int k = 0; k < each.length; k++) {
            String[] parts = each[k].split("/");
            routerStates.add(new ReplicaState(FleetSnapshot.name("router", k + 1), parts[0].equals("ready"), parts[1],
                    parts[2]));
        }
        List<ReplicaState> deliveryStates = new ArrayList<>();
        String[] replicas = deliveries.split("\\|");
        for (int k = 0; k < replicas.length; k++) {
            deliveryStates.add(new ReplicaState(FleetSnapshot.name("delivery", k + 1), replicas[k].equals("ready"),
                    null, null));
        }
        return new FleetSnapshot(routerStates, deliveryStates);
    }

    private static DrillOutcome outcome(long lost) {
        return new DrillOutcome(100, Map.of("partner-1", (int) (100 - lost)), Map.of("partner-1", (int) lost), lost, 0, 0,
                List.of(1_000L));
    }

    private static DrillReport report(Verdict verdict, String reason) {
        Percentiles none = Percentiles.ofMicros(List.of(1_000L));
        return new DrillReport("kinesis-hang", 200, 60_000, 20_000, 100, outcome(0), 0, 0, null, null, 0, 0, none, none, none, 0,
                reason == null ? "PRIMARY" : "RECOVERING", 1, 1, null, verdict, reason);
    }
}
