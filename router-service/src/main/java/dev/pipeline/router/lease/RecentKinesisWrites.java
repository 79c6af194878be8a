package dev.pipeline.router.lease;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import dev.pipeline.envelope.CloudEvent;

/**
 * The events this router stored in Kinesis within the last replay window, kept so that a failover can copy them to
 * Kafka: when Kinesis stops answering, delivery may not have read them yet, and with copies in Kafka (duplicates it
 * drops) it need not wait for Kinesis to return before going on from Kafka. From a failover until writes go back to
 * Kinesis, events are handed out once each for copying ({@link #take}); copies Kafka did not confirm are given up.
 * {@link #quietSince} is what heartbeats promise: every Kinesis record of this router without a copy in Kafka was
 * stored before then. Thread-safe.
 */
public final class RecentKinesisWrites {

    private record Stored(CloudEvent event, Instant at) {
    }

    private final Clock clock;
    private final Duration window;
    private final ArrayDeque<Stored> stored = new ArrayDeque<>();
    /** The latest time an event was dropped here without a confirmed copy in Kafka. */
    private Instant uncopiedUntil;
    private boolean copying;

    public RecentKinesisWrites(Clock clock, Duration window) {
        this.clock = clock;
        this.window = window;
    }

    /** Kinesis confirmed these events now. */
    public synchronized void stored(List<CloudEvent> events) {
        Instant now = clock.instant();
        events.forEach(event -> stored.addLast(new Stored(event, now)));
        evictOlderThanWindow(now);
    }

    /** Writes left Kinesis: from now on each kept event is handed out once for copying to Kafka. */
    public synchronized void startCopying() {
        copying = true;
    }

    /** Writes are back on Kinesis: nothing more to copy. */
    public synchronized void stopCopying() {
        copying = false;
    }

    public synchronized boolean copying() {
        return copying;
    }

    /** The partition keys of the kept events. */
    public synchronized Set<String> keys() {
        Set<String> keys = new LinkedHashSet<>();
        stored.forEach(s -> keys.add(s.event().partitionKey()));
        return keys;
    }

    /** While copying: removes and returns, oldest first, the kept events with one of {@code keys}; else none. */
    public synchronized List<CloudEvent> take(Set<String> keys) {
        List<CloudEvent> taken = new ArrayList<>();
        if (!copying) {
            return taken;
        }
        for (Iterator<Stored> it = stored.iterator(); it.hasNext(); ) {
            Stored next = it.next();
            if (keys.contains(next.event().partitionKey())) {
                taken.add(next.event());
                it.remove();
            }
        }
        return taken;
    }

    /** Copies handed out by {@link #take} that Kafka did not confirm: their Kinesis records stay uncopied. */
    public synchronized void notCopied(List<CloudEvent> events) {
        if (!events.isEmpty()) {
            uncopiedUntil = clock.instant(); // each was stored before it was handed out, so before now
        }
    }

    /** Before when every Kinesis record of this router without a copy in Kafka was stored; null if none ever was. */
    public synchronized Instant quietSince() {
        evictOlderThanWindow(clock.instant());
        Instant newest = stored.isEmpty() ? null : stored.peekLast().at();
        if (newest == null || uncopiedUntil != null && uncopiedUntil.isAfter(newest)) {
            return uncopiedUntil;
        }
        return newest;
    }

    private void evictOlderThanWindow(Instant now) {
        Instant cutoff = now.minus(window);
        while (!stored.isEmpty() && stored.peekFirst().at().isBefore(cutoff)) {
            Instant at = stored.pollFirst().at();
            if (uncopiedUntil == null || at.isAfter(uncopiedUntil)) {
                uncopiedUntil = at;
            }
        }
    }
}
