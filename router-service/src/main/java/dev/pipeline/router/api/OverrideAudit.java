package dev.pipeline.router.api;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * The routing overrides this router accepted, newest first, kept in memory (a bounded number) for the console and
 * {@code GET /v1/routing/audit}; the audit log line stays the durable record until the fleet keeps one.
 */
@ApplicationScoped
public class OverrideAudit {

    /** Entries kept; older ones are dropped from memory (never from the log). */
    static final int KEPT = 200;

    /** Longest reason kept; a longer one is cut, so the trail stays readable and bounded. */
    static final int REASON_LENGTH = 300;

    /** One accepted override: who (token fingerprint, address), what (mode before and after, forced) and why. */
    public record Entry(Instant time, String token, String address, String before, String after, boolean force,
                        String reason) {
    }

    private final Clock clock = Clock.systemUTC();
    private final Deque<Entry> entries = new ArrayDeque<>();

    /** Records an accepted override and returns the entry. */
    public synchronized Entry record(String token, String address, String before, String after, boolean force,
                                     String reason) {
        String kept = reason == null || reason.isBlank() ? null
                : reason.strip().substring(0, Math.min(REASON_LENGTH, reason.strip().length()));
        Entry entry = new Entry(clock.instant(), token, address, before, after, force, kept);
        entries.addFirst(entry);
        while (entries.size() > KEPT) {
            entries.removeLast();
        }
        return entry;
    }

    /** The kept entries, newest first. */
    public synchronized List<Entry> entries() {
        return List.copyOf(entries);
    }
}
