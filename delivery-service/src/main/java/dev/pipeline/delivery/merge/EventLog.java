package dev.pipeline.delivery.merge;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * A bounded cache of emitted events in emission order: the recent tail of the feed, not its source of truth (a
 * cursor older than it is served by reading the streams again). One writer (the merger) appends; connections read
 * lock-free by sequence. The oldest events are evicted beyond a count and beyond a byte budget. Sequences are dense
 * (1, 2, 3, ...), so the cache is a ring indexed by sequence: no map entry and no boxed key per event.
 * <p>
 * Invariant: every event of the feed that sorts above {@link #coveredFrom()} is in the cache or was emitted into it
 * and evicted; so a cursor at or above it can be served from here, one below it cannot.
 */
public final class EventLog {

    private final int capacity;
    private final long maxBytes;
    private final Duration lateResendWindow;
    private final Clock clock;
    private final AtomicReferenceArray<MergedEvent> ring;
    private volatile long lastSequence;
    /** Sequence of the oldest retained event (lastSequence + 1 while empty). */
    private volatile long firstSequence = 1;
    private volatile long bytes;
    private volatile SortKey coveredFrom;
    /** Every event sorting below this time (µs) has been appended: published after the appends of each advance. */
    private volatile long emittedThroughMicros = Long.MIN_VALUE;
    private final SpaceGate gate;

    /** Lets the writer append only once no reader still needs the event the append would evict. */
    public interface SpaceGate {

        /** Never waits: the oldest events are evicted whoever still reads them (the live feed's cache). */
        SpaceGate NONE = (lastSequence, capacity) -> {
        };

        /** Returns once appending after {@code lastSequence} evicts nothing a reader has still to read. */
        void awaitSpace(long lastSequence, int capacity);
    }

    /** A cache holding every event emitted into it, up to {@code capacity} events. */
    public EventLog(int capacity, Duration lateResendWindow, Clock clock) {
        this(capacity, Long.MAX_VALUE, lateResendWindow, clock, null, SpaceGate.NONE);
    }

    /**
     * {@code coveredFrom}: the feed is complete above this key from the start (a feed read from some time on, with
     * its duplicate lookback), or null when it holds everything.
     */
    public EventLog(int capacity, long maxBytes, Duration lateResendWindow, Clock clock, SortKey coveredFrom,
                    SpaceGate gate) {
        this.gate = gate;
        this.capacity = capacity;
        this.maxBytes = maxBytes;
        this.ring = new AtomicReferenceArray<>(capacity);
        this.lateResendWindow = lateResendWindow;
        this.clock = clock;
        this.coveredFrom = coveredFrom;
    }

    /** Appends the event with the next sequence number (the last one's plus one). */
    void append(MergedEvent event) {
        if (event.sequence() != lastSequence + 1) {
            throw new IllegalArgumentException("sequence " + event.sequence() + " does not follow " + lastSequence);
        }
        gate.awaitSpace(lastSequence, capacity);
        if (event.sequence() - firstSequence >= capacity) {
            evictFirst();
        }
        ring.set(slot(event.sequence()), event);
        bytes += event.footprint();
        lastSequence = event.sequence(); // published last: a reader that sees it finds the event in its slot
        while (bytes > maxBytes && firstSequence < lastSequence) {
            evictFirst();
        }
    }

    private void evictFirst() {
        int slot = slot(firstSequence);
        MergedEvent evicted = ring.get(slot);
        firstSequence++; // published before the slot is cleared: a reader finding it empty looks again
        ring.set(slot, null);
        bytes -= evicted.footprint();
        if (coveredFrom == null || evicted.key().compareTo(coveredFrom) > 0) {
            coveredFrom = evicted.key();
        }
    }

    /** The first retained event emitted after {@code sequence}, or null when there is none yet. */
    public MergedEvent after(long sequence) {
        while (true) {
            long last = lastSequence;
            if (sequence >= last) {
                return null;
            }
            long wanted = Math.max(sequence + 1, firstSequence);
            MergedEvent event = ring.get(slot(wanted));
            if (event != null && event.sequence() == wanted) {
                return event;
            }
            // the writer evicted that event meanwhile: look for the oldest one again
        }
    }

    private int slot(long sequence) {
        return (int) (sequence % capacity);
    }

    public long lastSequence() {
        return lastSequence;
    }

    /** Roughly the heap the retained events take (see {@link MergedEvent#footprint()}), within the byte budget. */
    public long retainedBytes() {
        return bytes;
    }

    /** Sequence before the oldest retained event. */
    public long beforeFirst() {
        return firstSequence - 1;
    }

    /** Events above this key are all here; null when the cache holds the feed from its very start. */
    public SortKey coveredFrom() {
        return coveredFrom;
    }

    /** Whether a partner whose cursor is {@code cursor} can be served from here. */
    public boolean covers(SortKey cursor) {
        SortKey from = coveredFrom;
        return from == null || cursor.compareTo(from) >= 0;
    }

    /** The merger appended every event sorting below {@code micros}. */
    void emittedThrough(long micros) {
        emittedThroughMicros = micros;
    }

    /** Every event sorting below this time (µs) is in the log; {@link Long#MIN_VALUE} before any watermark. */
    public long emittedThroughMicros() {
        return emittedThroughMicros;
    }

    /** Starts live: only events emitted from now on. */
    public ResumePoint live() {
        long now = lastSequence;
        return new ResumePoint(now, now, null, null);
    }

    /**
     * Continues after the place a cursor names: every event sorting above it. A cursor is a place in the feed's order,
     * the same on every replica, whether or not this replica holds the event it was taken from (it may have kept the
     * other copy of a duplicated event). A cursor below what the cache covers is
     * {@linkplain ResumeException.Reason#EXPIRED expired} here (the streams may still hold it).
     */
    public ResumePoint afterCursor(SortKey cursor) {
        if (!covers(cursor)) {
            throw new ResumeException(ResumeException.Reason.EXPIRED,
                    "The cursor points before the oldest event this replica holds in memory");
        }
        SortKey resendLateFrom = SortKey.floor(cursor.micros() - TimeUnit.NANOSECONDS.toMicros(lateResendWindow.toNanos()));
        return new ResumePoint(beforeFirst(), lastSequence, cursor, resendLateFrom);
    }

    /**
     * Continues after {@code key} without checking that an event of this cache has it: a partner handed over from a
     * read of the streams, whose last key this replica may have emitted at another place or not at all.
     */
    public ResumePoint handOverAfter(SortKey key) {
        return new ResumePoint(beforeFirst(), lastSequence, key, null);
    }

    /** Replays every event stamped at or after {@code micros}. */
    public ResumePoint since(long micros) {
        SortKey from = SortKey.floor(micros);
        if (!covers(from)) {
            throw new ResumeException(ResumeException.Reason.EXPIRED,
                    "Events from that time are no longer held in this replica's memory");
        }
        return new ResumePoint(beforeFirst(), lastSequence, from, null);
    }
}
