package dev.pipeline.tools.drill;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.LongPredicate;

/**
 * The drill's bookkeeping, free of I/O: compares what producers had acknowledged with what each partner received.
 * <ul>
 *   <li>lost: an acknowledged event a partner never received (counted once per partner);</li>
 *   <li>duplicate: a second (third, ...) receipt of the same event id by one partner;</li>
 *   <li>out of order: a first receipt whose sequence is lower than one the partner already received for that key.</li>
 * </ul>
 * Events received but never acknowledged are fine (the producer stopped before the 202 arrived).
 */
public final class DrillAccounting {

    private DrillAccounting() {
    }

    /** Accounts {@code acked} events against {@code receivedByPartner}, each partner's list in arrival order. */
    public static DrillOutcome account(List<AckedEvent> acked, Map<String, List<ReceivedEvent>> receivedByPartner) {
        Map<String, AckedEvent> ackedById = new HashMap<>();
        acked.forEach(event -> ackedById.put(event.id(), event));
        Map<String, Integer> delivered = new TreeMap<>();
        Map<String, Integer> lostPerPartner = new TreeMap<>();
        long duplicates = 0;
        long outOfOrder = 0;
        for (Map.Entry<String, List<ReceivedEvent>> partner : receivedByPartner.entrySet()) {
            Set<String> seen = new HashSet<>();
            Map<String, Long> highestSeqByKey = new HashMap<>();
            for (ReceivedEvent event : partner.getValue()) {
                if (!seen.add(event.id())) {
                    duplicates++;
                    continue;
                }
                Long highest = highestSeqByKey.get(event.key());
                if (highest != null && event.seq() < highest) {
                    outOfOrder++;
                } else {
                    highestSeqByKey.put(event.key(), event.seq());
                }
            }
            delivered.put(partner.getKey(), seen.size());
            int missing = (int) ackedById.keySet().stream().filter(id -> !seen.contains(id)).count();
            lostPerPartner.put(partner.getKey(), missing);
        }
        long lost = lostPerPartner.values().stream().mapToLong(Integer::longValue).sum();
        return new DrillOutcome(acked.size(), delivered, lostPerPartner, lost, duplicates, outOfOrder,
                endToEndMicros(acked, receivedByPartner, sentNanos -> true));
    }

    /** An acknowledged event and when one partner first received it. */
    public record FirstReceipt(AckedEvent event, long receivedNanos) {

        /** From the first send to this receipt. */
        public long endToEndNanos() {
            return receivedNanos - event.sentNanos();
        }
    }

    /** Each partner's first receipt of each acknowledged event it received. */
    public static List<FirstReceipt> firstReceipts(List<AckedEvent> acked,
                                                   Map<String, List<ReceivedEvent>> receivedByPartner) {
        Map<String, AckedEvent> ackedById = new HashMap<>();
        acked.forEach(event -> ackedById.put(event.id(), event));
        List<FirstReceipt> receipts = new ArrayList<>();
        for (List<ReceivedEvent> inbox : receivedByPartner.values()) {
            Set<String> seen = new HashSet<>();
            for (ReceivedEvent event : inbox) {
                AckedEvent source = ackedById.get(event.id());
                if (seen.add(event.id()) && source != null) {
                    receipts.add(new FirstReceipt(source, event.receivedNanos()));
                }
            }
        }
        return receipts;
    }

    /**
     * End-to-end latencies (µs, first send to first receipt) of the acknowledged events each partner received, of those
     * whose first send {@code counts}: e.g. all but the ones sent in a fault's first second, which wait for the fault to
     * be noticed by design.
     */
    public static List<Long> endToEndMicros(List<AckedEvent> acked, Map<String, List<ReceivedEvent>> receivedByPartner,
                                            LongPredicate counts) {
        return firstReceipts(acked, receivedByPartner).stream()
                .filter(receipt -> counts.test(receipt.event().sentNanos()))
                .map(receipt -> Math.max(0, receipt.endToEndNanos() / 1_000)).toList();
    }
}
