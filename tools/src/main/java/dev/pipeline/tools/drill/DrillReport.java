package dev.pipeline.tools.drill;

import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.pipeline.tools.Percentiles;

/** The drill's result: one JSON line for machines and a short summary for people. */
public record DrillReport(String scenario, double ratePerSecond, long durationMs, long outageMs, long sent, DrillOutcome outcome,
                          long rejected, long ioErrors, Long failoverMs, Long failbackMs, int failovers,
                          int failbacks, Percentiles ack, Percentiles e2e, Percentiles e2eOutsideFaultOnset, int reconnects, String routerStateAtFault,
                          int routers, int deliveries, Long fleetOverrideMs, Verdict verdict, String invalidReason) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Whether the drill passed (the exit status): valid, and nothing was lost, duplicated or reordered. */
    public boolean passed() {
        return verdict == Verdict.PASSED;
    }

    public String jsonLine() {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("scenario", scenario);
        line.put("verdict", verdict.name());
        line.put("invalid_reason", invalidReason);
        line.put("routers", routers);
        line.put("deliveries", deliveries);
        line.put("rate", ratePerSecond);
        line.put("duration_ms", durationMs);
        line.put("outage_ms", outageMs);
        line.put("sent", sent);
        line.put("acked", outcome.acked());
        line.put("rejected", rejected);
        line.put("io_errors", ioErrors);
        line.put("delivered", outcome.deliveredPerPartner());
        line.put("lost", outcome.lost());
        line.put("duplicates", outcome.duplicates());
        line.put("out_of_order", outcome.outOfOrder());
        line.put("router_state_at_fault", routerStateAtFault);
        line.put("failover_ms", failoverMs);
        line.put("failback_ms", failbackMs);
        line.put("failovers", failovers);
        line.put("failbacks", failbacks);
        line.put("fleet_override_ms", fleetOverrideMs);
        ack.putInto(line, "ack_");
        e2e.putInto(line, "e2e_");
        line.put("e2e_outside_fault_onset_p99_ms", e2eOutsideFaultOnset.p99Ms());
        line.put("partner_reconnects", reconnects);
        try {
            return JSON.writeValueAsString(line);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public String summary() {
        return String.format("""
                drill %s: %s%s
                  fleet      %d routers, %d delivery replicas%s
                  load       %d sent, %d acknowledged, %d rejected answers, %d I/O errors (%.0f events/s for %.1f s)
                  partners   delivered %s, partner reconnects %d
                  accounting lost %d, duplicates %d, out of order %d
                  routing    state at fault %s, failover %s, failback %s (%d failovers, %d failbacks since the fault)
                  producer   ack p50 %.1f ms, p99 %.1f ms, max %.1f ms
                  end to end p50 %.1f ms, p99 %.1f ms, max %.1f ms""",
                scenario, verdict, invalidReason == null ? "" : " (" + invalidReason + ")", routers, deliveries,
                fleetOverrideMs == null ? "" : ", every router wrote to kafka " + fleetOverrideMs + " ms after the override",
                sent, outcome.acked(), rejected, ioErrors, ratePerSecond,
                durationMs / 1000.0, outcome.deliveredPerPartner(), reconnects, outcome.lost(), outcome.duplicates(),
                outcome.outOfOrder(), routerStateAtFault, millis(failoverMs), millis(failbackMs), failovers, failbacks,
                ack.p50Ms(), ack.p99Ms(), ack.maxMs(),
                e2e.p50Ms(), e2e.p99Ms(), e2e.maxMs());
    }

    private static String millis(Long value) {
        return value == null ? "n/a" : value + " ms";
    }
}
