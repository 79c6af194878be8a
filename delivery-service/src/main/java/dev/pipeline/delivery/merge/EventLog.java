package dev.pipeline.delivery.merge;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * This replica's bounded history of emitted events in emission order. One writer (the merger) appends;
 * connections read lock-free by sequence. The oldest events are evicted beyond the capacity. Sequences are dense
 * (1, 2, 3, ...), so the history is a ring indexed by sequence: no map entry and no boxed key per event.
 */
public final class EventLog {

    /** How far in the future a cursor may point before it is treated as forged. */
    private static final Duration FUTURE_TOLERANCE = Duration.ofMinutes(1);

    private final int capacity;
    private final Duration lateResendWindow;
    private final Clock clock;
    private final AtomicReferenceArray<MergedEvent> ring;
    private final Map<SortKey, Boolean> keys = new ConcurrentHashMap<>();
    private volatile long lastSequence;
    private volatile SortKey highest;
    private volatile SortKey maxEvicted;

    public EventLog(int capacity, Duration lateResendWindow, Clock clock) {
        this.capacity = capacity;
        this.ring = new AtomicReferenceArray<>(capacity);
        this.lateResendWindow = lateResendWindow;
        this.clock = clock;
    }

    /** Appends the event with the next sequence number (the last one's plus one). */
    void append(MergedEvent event) {
        if (event.sequence() != lastSequence + 1) {
            throw new IllegalArgumentException("sequence " + event.sequence() + " does not follow " + lastSequence);
        }
        int slot = slot(event.sequence());
        MergedEvent evicted = ring.get(slot);
        if (evicted != null) {
            keys.remove(evicted.key());
            if (maxEvicted == null || evicted.key().compareTo(maxEvicted) > 0) {
                maxEvicted = evicted.key();
            }
        }
        ring.set(slot, event);
        keys.put(event.key(), Boolean.TRUE);
        if (highest == null || event.key().compareTo(highest) > 0) {
            highest = event.key();
        }
        lastSequence = event.sequence(); // published last: a reader that sees it finds the event in its slot
    }

    /** The first retained event emitted after {@code sequence}, or null when there is none yet. */
    public MergedEvent after(long sequence) {
        while (true) {
            long last = lastSequence;
            if (sequence >= last) {
                return null;
            }
            long wanted = Math.max(sequence + 1, last - capacity + 1);
            MergedEvent event = ring.get(slot(wanted));
            if (event.sequence() == wanted) {
                return event;
            }
            // the writer overwrote that slot meanwhile: the event is evicted, so look for the oldest one again
        }
    }

    private int slot(long sequence) {
        return (int) (sequence % capacity);
    }

    public long lastSequence() {
        return lastSequence;
    }

    /** Sequence before the oldest retained event. */
    public long beforeFirst() {
        return Math.max(0, lastSequence - capacity);
    }

    /** Starts live: only events emitted from now on. */
    public ResumePoint live() {
        long now = lastSequence;
        return new ResumePoint(now, now, null, null);
    }

    /** Continues after the event a cursor names: every event sorting above it. */
    public ResumePoint afterCursor(SortKey cursor) {
        long replayUntil = lastSequence;
        long start = beforeFirst();
        SortKey evicted = maxEvicted;
        if (evicted != null && cursor.compareTo(evicted) < 0) {
            throw new ResumeException(ResumeException.Reason.EXPIRED,
                    "The cursor points before the oldest event this feed still holds; resume with ?since=<time>");
        }
        SortKey top = highest;
        boolean inRange = top != null && cursor.compareTo(top) <= 0 && !cursor.equals(evicted);
        if (inRange && !keys.containsKey(cursor)) {
            throw new ResumeException(ResumeException.Reason.UNKNOWN, "The cursor names no event of this feed");
        }
        if (EventTime.instant(cursor.micros()).isAfter(clock.instant().plus(FUTURE_TOLERANCE))) {
            throw new ResumeException(ResumeException.Reason.UNKNOWN, "The cursor points into the future");
        }
        SortKey resendLateFrom = SortKey.floor(cursor.micros() - TimeUnit.NANOSECONDS.toMicros(lateResendWindow.toNanos()));
        return new ResumePoint(start, replayUntil, cursor, resendLateFrom);
    }

    /** Replays every event stamped at or after {@code micros}. */
    public ResumePoint since(long micros) {
        long replayUntil = lastSequence;
        long start = beforeFirst();
        SortKey evicted = maxEvicted;
        if (evicted != null && evicted.micros() >= micros) {
            throw new ResumeException(ResumeException.Reason.EXPIRED,
                    "Events from that time are no longer held; the oldest retained event is later");
        }
        return new ResumePoint(start, replayUntil, SortKey.floor(micros), null);
    }
}
