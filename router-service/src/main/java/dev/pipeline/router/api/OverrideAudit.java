package dev.pipeline.router.api;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * The fleet's audit trail of routing overrides, newest first: every change any router replica accepted, as read from
 * the control topic (where each change is kept under its own key), plus this replica's own changes from the moment it
 * accepted them. A bounded number is kept in memory for the console and {@code GET /v1/routing/audit}.
 */
@ApplicationScoped
public class OverrideAudit {

    /** Entries kept in memory; the control topic keeps them all. */
    static final int KEPT = 200;

    /** Longest reason kept; a longer one is cut, so the trail stays readable and bounded. */
    static final int REASON_LENGTH = 300;

    /** Reason recorded for a change whose request gave none (clients written before the reason was asked for). */
    public static final String NO_REASON = "(no reason given)";

    /**
     * One change of the fleet's override: when, who (token fingerprint, client address, the router replica that took
     * the call), what (mode before and after, forced) and why; {@code id} names the change on the control topic.
     */
    public record Entry(String id, Instant time, String token, String address, String router, String before,
                        String after, boolean force, String reason) {
    }

    private final Clock clock = Clock.systemUTC();
    private final Map<String, Entry> entries = new LinkedHashMap<>();

    /** A new change accepted now (not yet recorded: see {@link #add}). */
    public Entry newEntry(String token, String address, String router, String before, String after, boolean force,
                          String reason) {
        String kept = reason == null || reason.isBlank() ? NO_REASON
                : reason.strip().substring(0, Math.min(REASON_LENGTH, reason.strip().length()));
        return new Entry(UUID.randomUUID().toString(), clock.instant(), token, address, router, before, after, force,
                kept);
    }

    /** Records a change; the same change read again (its own echo, a resend) is kept once. */
    public synchronized void add(Entry entry) {
        entries.putIfAbsent(entry.id(), entry);
        if (entries.size() > KEPT) {
            entries.values().stream().min(Comparator.comparing(Entry::time))
                    .ifPresent(oldest -> entries.remove(oldest.id()));
        }
    }

    /** The kept entries, newest first. */
    public synchronized List<Entry> entries() {
        List<Entry> newestFirst = new ArrayList<>(entries.values());
        newestFirst.sort(Comparator.comparing(Entry::time).reversed());
        return newestFirst;
    }
}
