package dev.pipeline.tools.drill;

import java.util.List;
import java.util.Map;

/**
 * What the accounting found: per partner how many distinct run events arrived and how many acknowledged ones did
 * not; totals of lost, duplicate and out-of-order deliveries; end-to-end latencies (first send to receipt, µs).
 */
public record DrillOutcome(int acked, Map<String, Integer> deliveredPerPartner, Map<String, Integer> lostPerPartner,
                           long lost, long duplicates, long outOfOrder, List<Long> e2eMicros) {

    /** Whether nothing was lost, duplicated or reordered. */
    public boolean clean() {
        return lost == 0 && duplicates == 0 && outOfOrder == 0;
    }
}
