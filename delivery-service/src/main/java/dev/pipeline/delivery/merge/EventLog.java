package dev.pipeline.delivery.merge;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.TimeUnit;

/**
 * This replica's bounded history of emitted events in emission order. One writer (the merger) appends;
 * connections read lock-free by sequence. The oldest events are evicted beyond the capacity.
 */
public final class EventLog {

    /** How far in the future a cursor may point before it is treated as forged. */
    private static final Duration FUTURE_TOLERANCE = Duration.ofMinutes(1);

    private final int capacity;
    private final Duration lateResendWindow;
    private final Clock clock;
    private final ConcurrentSkipListMap<Long, MergedEvent> bySequence = new ConcurrentSkipListMap<>();
    private final Map<SortKey, Boolean> keys = new ConcurrentHashMap<>();
    private volatile long lastSequence;
    private volatile SortKey highest;
    private volatile SortKey maxEvicted;

    public EventLog(int capacity, Duration lateResendWindow, Clock clock) {
        this.capacity = capacity;
        this.lateResendWindow = lateResendWindow;
        this.clock = clock;
    }

    void append(MergedEvent event) {
        bySequence.put(event.sequence(), event);
        keys.put(event.key(), Boolean.TRUE);
        lastSequence = event.sequence();
        if (highest == null || event.key().compareTo(highest) > 0) {
            highest = event.key();
        }
        while (bySequence.size() > capacity) {
            MergedEvent evicted = bySequence.pollFirstEntry().getValue();
            keys.remove(evicted.key());
            if (maxEvicted == null || evicted.key().compareTo(maxEvicted) > 0) {
                maxEvicted = evicted.key();
            }
        }
    }

    /** The first event emitted after {@code sequence}, or null when there is none yet. */
    public MergedEvent after(long sequence) {
        Map.Entry<Long, MergedEvent> next = bySequence.higherEntry(sequence);
        return next == null ? null : next.getValue();
    }

    public long lastSequence() {
        return lastSequence;
    }

    /** Sequence before the oldest retained event. */
    public long beforeFirst() {
        Map.Entry<Long, MergedEvent> first = bySequence.firstEntry();
        return first == null ? lastSequence : first.getKey() - 1;
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
