package dev.pipeline.delivery.merge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.pipeline.infra.testing.MutableClock;
import dev.pipeline.delivery.TestEvents;

class EventLogTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private static final Duration LATE_RESEND_WINDOW = Duration.ofSeconds(5);

    private final EventLog log = new EventLog(3, LATE_RESEND_WINDOW, new MutableClock(T0.plusSeconds(60)));
    private long sequence;

    @Test
    void resumesAfterTheCursorSkippingWhatSortsAtOrBelowIt() {
        append("a", 1);
        MergedEvent b = append("b", 2);
        append("c", 3);
        ResumePoint point = log.afterCursor(Cursor.decode(Cursor.encode(b.key())));
        assertEquals(List.of("c"), replay(point));
    }

    @Test
    void deliversLateEventsEmittedAfterTheResumeEvenBelowTheCursor() {
        append("a", 1);
        MergedEvent c = append("c", 3);
        ResumePoint point = log.afterCursor(c.key());
        append("late", 2, true);
        assertEquals(List.of("late"), replay(point), "an event emitted late after the reconnect was never delivered");
    }

    @Test
    void resendsALateEventEmittedBeforeTheResumeWithinTheWindowBelowTheCursor() {
        append("a", 1);
        MergedEvent c = append("c", 3);
        append("late", 2, true); // the partner may have left before its old replica emitted this
        ResumePoint point = log.afterCursor(c.key());
        append("d", 4);
        assertEquals(List.of("late", "d"), replay(point), "possibly sent twice, never lost");
    }

    @Test
    void doesNotResendLateEventsFurtherBelowTheCursorThanTheWindow() {
        append("old-late", 1, true);
        MergedEvent recent = append("recent", 10_000);
        ResumePoint point = log.afterCursor(recent.key());
        assertEquals(List.of(), replay(point), "1 ms is more than the 5 s window below the cursor at 10 s");
    }

    @Test
    void aReplicaStillCatchingUpSkipsWhatSortsBelowTheCursorWhenItArrives() {
        MergedEvent a = append("a", 1);
        MergedEvent b = append("b", 2);
        EventLog behind = new EventLog(10, LATE_RESEND_WINDOW, new MutableClock(T0.plusSeconds(60)));
        ResumePoint point = behind.afterCursor(b.key());
        behind.append(a);
        behind.append(b);
        behind.append(new MergedEvent(3, new SortKey(millis(3), "/delivery-test", "c"),
                FeedAttributes.of(TestEvents.event("c", "t", "s", "k", T0.plusMillis(3))), new byte[] {'{', '}'}, false));
        List<String> ids = new ArrayList<>();
        for (MergedEvent e = behind.after(point.startSequence()); e != null; e = behind.after(e.sequence())) {
            if (!point.skips(e)) {
                ids.add(e.attributes().id());
            }
        }
        assertEquals(List.of("c"), ids);
    }

    @Test
    void keepsTheLatestCapacityEventsAndAReaderBehindThemGetsTheOldestRetained() {
        for (int i = 1; i <= 7; i++) {
            append("e" + i, i);
        }
        assertEquals(4, log.beforeFirst());
        assertEquals("e5", log.after(0).attributes().id(), "e1..e4 were evicted from a history of 3");
        assertEquals("e6", log.after(5).attributes().id());
        assertNull(log.after(7));
        assertThrows(IllegalArgumentException.class, () -> log.append(log.after(6)), "sequences must follow each other");
    }

    @Test
    void aCursorOlderThanTheHistoryHasExpired() {
        MergedEvent a = append("a", 1);
        append("b", 2);
        append("c", 3);
        append("d", 4);
        ResumeException e = assertThrows(ResumeException.class, () -> log.afterCursor(SortKey.floor(500)));
        assertEquals(ResumeException.Reason.EXPIRED, e.reason());
        assertEquals(List.of("b", "c", "d"), replay(log.afterCursor(a.key())), "the evicted event itself is a valid cursor");
    }

    @Test
    void aWellFormedCursorNamingNoEventHereResumesAfterItsPlace() {
        append("a", 1);
        append("b", 3);
        // e.g. the other copy of a duplicated event, which another replica's partner received
        assertEquals(List.of("b"), replay(log.afterCursor(new SortKey(millis(2), "/delivery-test", "other-copy"))));
    }

    @Test
    void sinceReplaysFromATimeOrReportsItExpired() {
        append("a", 1);
        append("b", 2);
        append("c", 3);
        assertEquals(List.of("b", "c"), replay(log.since(millis(2))));
        append("d", 4);
        assertThrows(ResumeException.class, () -> log.since(millis(1)));
        assertEquals(List.of("c", "d"), replay(log.since(millis(3))));
    }

    @Test
    void cursorsRoundTripAndRejectForgeries() {
        SortKey key = new SortKey(1_234_567, "/src\nwith newline", "id:é");
        assertEquals(key, Cursor.decode(Cursor.encode(key)));
        assertTrue(Cursor.encode(key).matches("[A-Za-z0-9_-]+"), "base64url: safe in an SSE id and a URL");
        assertThrows(IllegalArgumentException.class, () -> Cursor.decode("czEyMw"));
        assertThrows(IllegalArgumentException.class, () -> Cursor.decode("not base64!"));
        assertFalse(Cursor.encode(key).contains("\n"));
    }

    private MergedEvent append(String id, long ingestMillis) {
        return append(id, ingestMillis, false);
    }

    private MergedEvent append(String id, long ingestMillis, boolean late) {
        MergedEvent event = new MergedEvent(++sequence, new SortKey(millis(ingestMillis), "/delivery-test", id),
                FeedAttributes.of(TestEvents.event(id, "t", "s", "k", T0.plusMillis(ingestMillis))), new byte[] {'{', '}'}, late);
        log.append(event);
        return event;
    }

    private static long millis(long ms) {
        return EventTime.micros(T0.plusMillis(ms));
    }

    private List<String> replay(ResumePoint point) {
        List<String> ids = new ArrayList<>();
        for (MergedEvent e = log.after(point.startSequence()); e != null; e = log.after(e.sequence())) {
            if (!point.skips(e)) {
                ids.add(e.attributes().id());
            }
        }
        return ids;
    }
}
