package dev.pipeline.tools.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.LocalDate;
import java.util.List;

import org.junit.jupiter.api.Test;

/** Rows from the tools' JSON lines land under the right table, newest first, with date, commit and machine. */
class ResultsTableTest {

    private static final RunContext RUN = new RunContext(LocalDate.of(2026, 12, 3), "abc1234", "2 cores, 23 GiB, Java 17");

    private static String document() {
        return String.join("\n", List.of("# Results", "", "## Drill", "", ResultsTable.Kind.DRILL.marker(),
                ResultsTable.Kind.DRILL.header().get(0), ResultsTable.Kind.DRILL.header().get(1),
                "| 2026-11-26 | `old` | earlier build | kinesis-hang | … |", "", "## Bench", "",
                ResultsTable.Kind.BENCH.marker(), ResultsTable.Kind.BENCH.header().get(0),
                ResultsTable.Kind.BENCH.header().get(1), ""));
    }

    @Test
    void aDrillLinePerScenarioBecomesARowAboveTheOlderOnesAndTheSummaryIsSkipped() {
        String line = "{\"scenario\":\"kinesis-hang\",\"verdict\":\"PASSED\",\"routers\":2,\"deliveries\":1,"
                + "\"outage_ms\":600000,\"rate\":200.0,\"acked\":2001,\"rejected\":3,\"io_errors\":0,\"lost\":0,\"duplicates\":0,"
                + "\"out_of_order\":0,\"router_state_at_fault\":\"PRIMARY\",\"failover_ms\":522,\"failback_ms\":null,"
                + "\"fleet_override_ms\":null,"
                + "\"ack_p50_ms\":11.5,\"ack_p99_ms\":389.0,\"ack_max_ms\":1527.25,\"e2e_p50_ms\":70.0,\"e2e_p99_ms\":1900.0,"
                + "\"e2e_max_ms\":2100.0,\"e2e_outside_fault_onset_p99_ms\":120.0,\"partner_reconnects\":0}";
        String result = ResultsTable.append(document(), ResultsTable.Kind.DRILL,
                List.of("drill kinesis-hang: PASSED", "  load 2001 sent", line), RUN);
        List<String> lines = List.of(result.split("\n", -1));
        int header = lines.indexOf(ResultsTable.Kind.DRILL.header().get(1));
        assertEquals("| 2026-12-03 | `abc1234` | 2 cores, 23 GiB, Java 17 | kinesis-hang | PASSED | 2 × 1 | 600 | 200 | 2,001"
                + " | 3 / 0 | 0 | 0 | 0 | PRIMARY | 522 | — | — | 11.5 / 389 / 1,527.3 | 70 / 1,900 / 2,100 | 120 | 0 |",
                lines.get(header + 1));
        assertEquals("| 2026-11-26 | `old` | earlier build | kinesis-hang | … |", lines.get(header + 2));
        assertEquals(document().split("\n", -1).length + 1, lines.size());
    }

    @Test
    void aBenchLineFillsItsColumnsWithRatiosAndDashesForSkippedPhases() {
        String line = "{\"kafka_producer_events_per_s\":101595.2,\"batch100_events_per_s\":37851.0,"
                + "\"batch100_ratio_vs_kafka_producer\":0.3726,\"batch100_ack_p50_ms\":20.1,\"batch100_ack_p99_ms\":55.0,"
                + "\"e2e_p50_ms\":27.7,\"e2e_p99_ms\":84.0,\"e2e_max_ms\":120.0,"
                + "\"kinesis_e2e_rate\":200.0,\"kinesis_e2e_batch\":10,\"kinesis_e2e_status\":\"INVALID: the router changed state 2 times\",\"kinesis_e2e_p50_ms\":412.0,"
                + "\"kinesis_e2e_p99_ms\":911.0,\"kinesis_e2e_max_ms\":1020.0,\"kinesis_e2e_ack_p50_ms\":210.0,"
                + "\"kinesis_e2e_ack_p99_ms\":365.0,"
                + "\"catchup_events_per_s\":23508.7,\"catchup_ratio_vs_kafka_consumer\":0.059,"
                + "\"catchup_delivery_peak_heap_mb\":667,\"nchan_status\":\"INVALID: 31 of 100 events published\",\"nchan_lag_p50_ms\":90.5,\"nchan_lag_p99_ms\":135.9,"
                + "\"nchan_lag_max_ms\":185.1,\"fanout_lag_p99_ratio_vs_nchan\":0.603,\"delivery_cpu_us_per_frame\":111.8,"
                + "\"catchup_delivery_cpu_us_per_event\":21.5,\"catchup_first_event_ms\":340}";
        String result = ResultsTable.append(document(), ResultsTable.Kind.BENCH, List.of(line), RUN);
        List<String> lines = List.of(result.split("\n", -1));
        int header = lines.indexOf(ResultsTable.Kind.BENCH.header().get(1));
        assertEquals("| 2026-12-03 | `abc1234` | 2 cores, 23 GiB, Java 17 | 101,595.2 | 37,851 (0.37×) | 20.1 / 55"
                + " | — | — | 27.7 / 84 / 120 | 412 / 911 / 1,020 (200, 10) INVALID | 210 / 365 | — / — | — / — / — | 23,508.7 (0.06×) | 667 | 90.5 / 135.9 / 185.1 INVALID | 0.60×"
                + " | 111.8 | 21.5 | 340 |", lines.get(header + 1));
    }

    @Test
    void aDocumentWithoutTheTableIsRefusedRatherThanWrittenSomewhere() {
        assertThrows(IllegalArgumentException.class,
                () -> ResultsTable.append("# Results\n", ResultsTable.Kind.BENCH, List.of("{}"), RUN));
    }
}
