package dev.pipeline.tools.drill;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The accounting on crafted inputs: a broken pipeline must not pass it. */
class DrillAccountingTest {

    private static final long MS = 1_000_000;

    @Test
    void cleanRunHasNothingToReport() {
        List<AckedEvent> acked = List.of(acked("a", 0), acked("a", 1), acked("b", 0));
        DrillOutcome outcome = DrillAccounting.account(acked, Map.of("p1",
                List.of(received("a", 0), received("b", 0), received("a", 1))));

        assertTrue(outcome.clean());
        assertEquals(3, outcome.acked());
        assertEquals(3, outcome.deliveredPerPartner().get("p1"));
        assertEquals(3, outcome.e2eMicros().size());
    }

    @Test
    void anAcknowledgedEventNeverDeliveredIsLost() {
        List<AckedEvent> acked = List.of(acked("a", 0), acked("a", 1), acked("a", 2));
        DrillOutcome outcome = DrillAccounting.account(acked, Map.of("p1", List.of(received("a", 0), received("a", 2))));

        assertEquals(1, outcome.lost());
        assertEquals(1, outcome.lostPerPartner().get("p1"));
        assertEquals(0, outcome.outOfOrder(), "a gap is a loss, not a reorder");
        assertFalse(outcome.clean());
    }

    @Test
    void lossIsCountedPerPartner() {
        List<AckedEvent> acked = List.of(acked("a", 0));
        DrillOutcome outcome = DrillAccounting.account(acked, Map.of("p1", List.of(received("a", 0)), "p2", List.of()));

        assertEquals(1, outcome.lost());
        assertEquals(0, outcome.lostPerPartner().get("p1"));
        assertEquals(1, outcome.lostPerPartner().get("p2"));
    }

    @Test
    void aSecondReceiptIsADuplicate() {
        List<AckedEvent> acked = List.of(acked("a", 0), acked("a", 1));
        DrillOutcome outcome = DrillAccounting.account(acked, Map.of("p1",
                List.of(received("a", 0), received("a", 1), received("a", 0))));

        assertEquals(1, outcome.duplicates());
        assertEquals(0, outcome.outOfOrder(), "a late copy is a duplicate, not also a reorder");
        assertEquals(2, outcome.deliveredPerPartner().get("p1"));
        assertFalse(outcome.clean());
    }

    @Test
    void aLowerSequenceAfterAHigherOneOfTheSameKeyIsOutOfOrder() {
        List<AckedEvent> acked = List.of(acked("a", 0), acked("a", 1), acked("a", 2), acked("b", 0));
        DrillOutcome outcome = DrillAccounting.account(acked, Map.of("p1",
                List.of(received("b", 0), received("a", 0), received("a", 2), received("a", 1))));

        assertEquals(1, outcome.outOfOrder());
        assertEquals(0, outcome.lost());
        assertEquals(0, outcome.duplicates());
        assertFalse(outcome.clean());
    }

    @Test
    void interleavingDifferentKeysIsNotAReorder() {
        List<AckedEvent> acked = List.of(acked("a", 0), acked("b", 5), acked("a", 1));
        DrillOutcome outcome = DrillAccounting.account(acked, Map.of("p1",
                List.of(received("b", 5), received("a", 0), received("a", 1))));

        assertTrue(outcome.clean());
    }

    @Test
    void aDeliveredEventThatWasNeverAcknowledgedIsFine() {
        List<AckedEvent> acked = List.of(acked("a", 0));
        DrillOutcome outcome = DrillAccounting.account(acked, Map.of("p1", List.of(received("a", 0), received("a", 1))));

        assertTrue(outcome.clean());
        assertEquals(2, outcome.deliveredPerPartner().get("p1"));
        assertEquals(1, outcome.e2eMicros().size(), "latency only for acknowledged events");
    }

    @Test
    void endToEndLatencyRunsFromFirstSendToReceipt() {
        AckedEvent sent = new AckedEvent("a", 0, id("a", 0), 10 * MS, 40 * MS);
        DrillOutcome outcome = DrillAccounting.account(List.of(sent),
                Map.of("p1", List.of(new ReceivedEvent("a", 0, id("a", 0), 110 * MS))));

        assertEquals(List.of(100_000L), outcome.e2eMicros());
    }

    @Test
    void latencyCanLeaveOutEventsSentInAWindowAndCountsEachPartnersFirstReceiptOnly() {
        AckedEvent before = new AckedEvent("a", 0, id("a", 0), 10 * MS, 20 * MS);
        AckedEvent atOnset = new AckedEvent("a", 1, id("a", 1), 500 * MS, 2_000 * MS);
        List<Long> micros = DrillAccounting.endToEndMicros(List.of(before, atOnset), Map.of("p1", List.of(
                new ReceivedEvent("a", 0, id("a", 0), 60 * MS), new ReceivedEvent("a", 0, id("a", 0), 900 * MS),
                new ReceivedEvent("a", 1, id("a", 1), 2_500 * MS))), sent -> sent < 400 * MS || sent >= 1_400 * MS);

        assertEquals(List.of(50_000L), micros, "the event sent in the window and the second receipt left out");
    }

    private static AckedEvent acked(String key, long seq) {
        return new AckedEvent(key, seq, id(key, seq), seq * MS, seq * MS + MS);
    }

    private static ReceivedEvent received(String key, long seq) {
        return new ReceivedEvent(key, seq, id(key, seq), seq * MS + 5 * MS);
    }

    private static String id(String key, long seq) {
        return "run-" + key + "-" + seq;
    }
}
