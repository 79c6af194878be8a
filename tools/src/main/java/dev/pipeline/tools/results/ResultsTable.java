package dev.pipeline.tools.results;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Turns the drill's and the bench's JSON lines into rows of the tables in docs/results.md: each table follows a
 * marker comment ({@code <!-- results:drill -->}), and new rows go right under its header, newest first.
 */
public final class ResultsTable {

    /** Which tool's lines, and so which table and columns. */
    public enum Kind {
        DRILL(List.of(
                column("scenario", line -> text(line, "scenario")),
                column("verdict", line -> text(line, "verdict")),
                column("routers × deliveries", line -> fleet(line)),
                column("outage s", line -> seconds(line, "outage_ms")),
                column("events/s", line -> number(line, "rate")),
                column("acked", line -> number(line, "acked")),
                column("producer errors (refused / I/O)", line -> numbers(line, "rejected", "io_errors")),
                column("lost", line -> number(line, "lost")),
                column("dup", line -> number(line, "duplicates")),
                column("out of order", line -> number(line, "out_of_order")),
                column("router at fault", line -> text(line, "router_state_at_fault")),
                column("failover ms", line -> number(line, "failover_ms")),
                column("failback ms", line -> number(line, "failback_ms")),
                column("override ms", line -> number(line, "fleet_override_ms")),
                column("ack p50 / p99 / max ms", line -> numbers(line, "ack_p50_ms", "ack_p99_ms", "ack_max_ms")),
                column("e2e p50 / p99 / max ms", line -> numbers(line, "e2e_p50_ms", "e2e_p99_ms", "e2e_max_ms")),
                column("e2e p99 ms, fault's 1st s left out", line -> number(line, "e2e_outside_fault_onset_p99_ms")),
                column("reconnects", line -> number(line, "partner_reconnects")))),
        BENCH(List.of(
                column("Kafka producer events/s", line -> number(line, "kafka_producer_events_per_s")),
                column("batch 100 events/s (× Kafka)", line -> withRatio(line, "batch100")),
                column("batch 100 ack p50 / p99 ms", line -> numbers(line, "batch100_ack_p50_ms", "batch100_ack_p99_ms")),
                column("with delivery events/s (× Kafka)", line -> withRatio(line, "batch100_with_delivery")),
                column("batch 1 events/s", line -> number(line, "batch1_events_per_s")),
                column("e2e p50 / p99 / max ms", line -> numbers(line, "e2e_p50_ms", "e2e_p99_ms", "e2e_max_ms")),
                column("Kinesis path e2e p50 / p99 / max ms (events/s, batch)", ResultsTable::kinesisPath),
                column("Kinesis path ack p50 / p99 ms",
                        line -> numbers(line, "kinesis_e2e_ack_p50_ms", "kinesis_e2e_ack_p99_ms")),
                column("fan-out connected", line -> numbers(line, "fanout_connected", "fanout_subscribers")),
                column("fan-out lag p50 / p99 / max ms", line -> marked(line, "fanout_status",
                        numbers(line, "delivery_lag_p50_ms", "delivery_lag_p99_ms", "delivery_lag_max_ms"))),
                column("catch-up events/s (× Kafka consumer)", line -> withRatio(line, "catchup", "kafka_consumer")),
                column("catch-up peak heap MB", line -> number(line, "catchup_delivery_peak_heap_mb")),
                column("nchan lag p50 / p99 / max ms", line -> marked(line, "nchan_status",
                        numbers(line, "nchan_lag_p50_ms", "nchan_lag_p99_ms", "nchan_lag_max_ms"))),
                column("fan-out lag p99 × nchan", line -> ratio(line.get("fanout_lag_p99_ratio_vs_nchan"))),
                column("delivery CPU µs per frame", line -> number(line, "delivery_cpu_us_per_frame")),
                column("catch-up: delivery CPU µs per event", line -> number(line, "catchup_delivery_cpu_us_per_event")),
                column("catch-up: first event ms", line -> number(line, "catchup_first_event_ms"))));

        private final List<Column> columns;

        Kind(List<Column> columns) {
            this.columns = columns;
        }

        /** The marker comment the table follows in results.md. */
        public String marker() {
            return "<!-- results:" + name().toLowerCase(Locale.ROOT) + " -->";
        }

        /** The table's header and separator lines. */
        public List<String> header() {
            List<String> names = new ArrayList<>(List.of("date", "commit", "machine"));
            columns.forEach(column -> names.add(column.name()));
            return List.of("| " + String.join(" | ", names) + " |", "|" + "---|".repeat(names.size()));
        }
    }

    private record Column(String name, Function<JsonNode, String> value) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String NONE = "—";

    private ResultsTable() {
    }

    /**
     * Returns {@code markdown} with one row per JSON object among {@code lines} (other lines, such as the human
     * summary, are skipped) added under the table of {@code kind}; fails when results.md has no such table.
     */
    public static String append(String markdown, Kind kind, List<String> lines, RunContext run) {
        List<String> rows = new ArrayList<>();
        for (String line : lines) {
            JsonNode node = parse(line.strip());
            if (node != null) {
                rows.add(row(kind, node, run));
            }
        }
        List<String> document = new ArrayList<>(Arrays.asList(markdown.split("\n", -1)));
        int marker = document.indexOf(kind.marker());
        if (marker < 0 || marker + 2 >= document.size() || !document.get(marker + 2).startsWith("|---")) {
            throw new IllegalArgumentException("No table after " + kind.marker() + " (followed by its header)");
        }
        document.addAll(marker + 3, rows);
        return String.join("\n", document);
    }

    static String row(Kind kind, JsonNode line, RunContext run) {
        List<String> cells = new ArrayList<>(List.of(run.date().toString(), "`" + run.commit() + "`", run.machine()));
        kind.columns.forEach(column -> cells.add(column.value().apply(line)));
        return "| " + String.join(" | ", cells.stream().map(cell -> cell.replace("|", "\\|")).toList()) + " |";
    }

    private static JsonNode parse(String line) {
        if (!line.startsWith("{")) {
            return null;
        }
        try {
            JsonNode node = JSON.readTree(line);
            return node.isObject() ? node : null;
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    private static Column column(String name, Function<JsonNode, String> value) {
        return new Column(name, value);
    }

    private static String text(JsonNode line, String field) {
        JsonNode value = line.get(field);
        return value == null || value.isNull() ? NONE : value.asText();
    }

    private static String number(JsonNode line, String field) {
        JsonNode value = line.get(field);
        if (value == null || value.isNull() || !value.isNumber()) {
            return NONE;
        }
        double number = value.asDouble();
        return number == Math.rint(number) && Math.abs(number) < 1e15
                ? String.format(Locale.ROOT, "%,d", (long) number) : String.format(Locale.ROOT, "%,.1f", number);
    }

    private static String seconds(JsonNode line, String millisField) {
        JsonNode value = line.get(millisField);
        if (value == null || !value.isNumber()) {
            return NONE;
        }
        double seconds = value.asDouble() / 1000;
        return seconds == Math.rint(seconds) ? String.format(Locale.ROOT, "%,d", (long) seconds)
                : String.format(Locale.ROOT, "%,.1f", seconds);
    }

    private static String fleet(JsonNode line) {
        String routers = number(line, "routers");
        String deliveries = number(line, "deliveries");
        return routers.equals(NONE) && deliveries.equals(NONE) ? NONE : routers + " × " + deliveries;
    }

    /** The Kinesis path's latency with the load it was measured at, marked when the phase found the run invalid. */
    private static String kinesisPath(JsonNode line) {
        if (!line.has("kinesis_e2e_status")) {
            return NONE;
        }
        return marked(line, "kinesis_e2e_status", numbers(line, "kinesis_e2e_p50_ms", "kinesis_e2e_p99_ms",
                "kinesis_e2e_max_ms") + " (" + number(line, "kinesis_e2e_rate") + ", " + number(line, "kinesis_e2e_batch") + ")");
    }

    /** The figures, marked INVALID when the phase's status says the run did not measure what it intended. */
    private static String marked(JsonNode line, String statusField, String figures) {
        return text(line, statusField).startsWith("INVALID") ? figures + " INVALID" : figures;
    }

    private static String numbers(JsonNode line, String... fields) {
        return String.join(" / ", Arrays.stream(fields).map(field -> number(line, field)).toList());
    }

    private static String withRatio(JsonNode line, String phase) {
        return withRatio(line, phase, "kafka_producer");
    }

    /** The phase's events/s with its ratio against the named baseline, when the line has one. */
    private static String withRatio(JsonNode line, String phase, String baseline) {
        String rate = number(line, phase + "_events_per_s");
        JsonNode ratio = line.get(phase + "_ratio_vs_" + baseline);
        return ratio == null || !ratio.isNumber() ? rate : rate + " (" + ratio(ratio) + ")";
    }

    /** A ratio as {@code 0.60×}, or a dash when the line has none. */
    private static String ratio(JsonNode ratio) {
        return ratio == null || !ratio.isNumber() ? NONE : String.format(Locale.ROOT, "%.2f×", ratio.asDouble());
    }
}
