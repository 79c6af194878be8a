package dev.pipeline.delivery.merge;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;

import dev.pipeline.infra.testing.MutableClock;
import dev.pipeline.delivery.TestEvents;
import dev.pipeline.delivery.source.SourceStatus;
import dev.pipeline.envelope.CloudEvent;
import dev.pipeline.envelope.RouterHeartbeat;

class EventMergerTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Duration ALLOWANCE = Duration.ofMillis(500);

    private final MutableClock clock = new MutableClock(T0);
    private final SourceStatus kinesis = new SourceStatus("kinesis", clock, ALLOWANCE, Duration.ofSeconds(10), Duration.ofSeconds(30),
            Duration.ofSeconds(30));
    private final SourceStatus kafka = new SourceStatus("kafka", clock, ALLOWANCE, Duration.ofSeconds(10), Duration.ofSeconds(30),
            Duration.ofSeconds(30));
    private final CountingListener listener = new CountingListener();
    private long positions;
    private final EventMerger merger = new EventMerger(EventMerger.Settings.byCount(5, 100, 100, Duration.ofMinutes(5),
            Duration.ofSeconds(30)), clock,
            kinesis, kafka, listener);

    @Test
    void holdsEventsUntilEveryLiveSourceCaughtUpPastThem() {
        merger.accept(read("b", 200, "kafka"));
        merger.accept(read("a", 100, "kinesis"));
        clock.advance(Duration.ofSeconds(1));
        kafka.caughtUp(clock.instant());
        merger.advance();
        assertEquals(List.of(), ids(), "kinesis has not caught up yet");

        kinesis.caughtUp(clock.instant());
        merger.advance();
        assertEquals(List.of("a", "b"), ids(), "released in ingest-time order, not arrival order");
    }

    @Test
    void aSourceAheadWaitsWhileHalfThePendingBoundIsFilledAndTheOtherHoldsTheWatermark() throws Exception {
        clock.advance(Duration.ofSeconds(1));
        kafka.caughtUp(clock.instant());
        kinesis.readSucceeded(1); // read, but not to its end yet: no watermark
        merger.accept(read("a", 100, "kafka"));
        merger.accept(read("b", 200, "kafka"));
        merger.accept(read("c", 300, "kafka"));
        merger.awaitRoomFor(kinesis); // the source holding the watermark back is always read

        AtomicBoolean kafkaGoesOn = new AtomicBoolean();
        Thread kafkaReader = new Thread(() -> {
            try {
                merger.awaitRoomFor(kafka);
                kafkaGoesOn.set(true);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        kafkaReader.start();
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> !kafkaGoesOn.get());

        kinesis.caughtUp(clock.instant());
        merger.advance();
        await().atMost(Duration.ofSeconds(2)).until(kafkaGoesOn::get);
        assertEquals(List.of("a", "b", "c"), ids(), "released in order, none early");
        assertEquals(0, listener.forced);
    }

    @Test
    void watermarkStaysAllowanceBehindTheCaughtUpTime() {
        merger.accept(read("recent", 800, "kafka"));
        clock.advance(Duration.ofSeconds(1));
        kinesis.caughtUp(clock.instant());
        kafka.caughtUp(clock.instant());
        merger.advance();
        assertEquals(List.of(), ids(), "800 ms is within the 500 ms allowance of the 1 s caught-up time");
        clock.advance(Duration.ofMillis(400));
        kinesis.caughtUp(clock.instant());
        kafka.caughtUp(clock.instant());
        merger.advance();
        assertEquals(List.of("recent"), ids());
    }

    @Test
    void theWatermarkDelayIsHowFarTheWatermarkTrailsTheClock() {
        assertEquals(Optional.empty(), merger.watermarkDelay(), "no watermark before both sources caught up");
        clock.advance(Duration.ofSeconds(1));
        kinesis.caughtUp(clock.instant());
        kafka.caughtUp(clock.instant().minusMillis(300));
        clock.advance(Duration.ofMillis(200));
        merger.advance();
        assertEquals(Optional.of(Duration.ofMillis(200 + 300 + 500)), merger.watermarkDelay(),
                "200 ms since the round started, Kafka's round 300 ms earlier, the 500 ms allowance");
    }

    @Test
    void aSourceFailingBeyondTheIdleTimeoutNoLongerHoldsTheFeed() {
        kinesis.readSucceeded(0);
        merger.accept(read("x", 100, "kafka"));
        clock.advance(Duration.ofSeconds(5));
        kafka.caughtUp(clock.instant());
        kinesis.failed("connection refused");
        merger.advance();
        assertEquals(List.of(), ids(), "kinesis is within its idle timeout");
        clock.advance(Duration.ofSeconds(6));
        kafka.caughtUp(clock.instant());
        merger.advance();
        assertEquals(List.of("x"), ids(), "kinesis has been failing for 11 s > 10 s");
    }

    @Test
    void whileEveryRouterHoldsAKinesisLeaseKafkaEventsPassAKinesisThatStopsAnswering() {
        kinesis.caughtUp(clock.instant());
        clock.advance(Duration.ofSeconds(1));
        merger.heard(new RouterHeartbeat("router-a", null, T0.minusSeconds(1)), clock.instant());
        merger.accept(stored("x", 0, "0:1", 1000));
        clock.advance(Duration.ofSeconds(2));
        kafka.caughtUp(clock.instant());
        kinesis.failed("read timed out");
        merger.advance();
        assertEquals(List.of(), ids(), "the router may write to Kinesis: its records up to now might be unread");

        merger.heard(new RouterHeartbeat("router-a", clock.instant().plusSeconds(1), T0.minusSeconds(1)), clock.instant());
        merger.advance();
        assertEquals(List.of("x"), ids(), "no Kinesis write until the lease ends, and its last one was read");
        assertEquals(1, merger.routersKnown());
    }

    @Test
    void aSourceNeverReadYetHoldsTheFeedForTheStartupTimeoutNotJustTheIdleTimeout() {
        merger.accept(read("x", 100, "kafka"));
        clock.advance(Duration.ofSeconds(20));
        kafka.caughtUp(clock.instant());
        kinesis.failed("first read timed out");
        merger.advance();
        assertEquals(List.of(), ids(), "20 s > the 10 s idle timeout, but kinesis was never read: the startup timeout holds");
        clock.advance(Duration.ofSeconds(11));
        kafka.caughtUp(clock.instant());
        merger.advance();
        assertEquals(List.of("x"), ids(), "31 s > the 30 s startup timeout");
    }

    @Test
    void dropsDuplicatesAcrossSourcesAndKeepsTheLowerKeyWhileBothWait() {
        CloudEvent retried = TestEvents.event("e", "t", "s", "k", T0.plusMillis(300));
        merger.accept(new SourcedEvent(retried, "kafka", "0:1", null));
        merger.accept(new SourcedEvent(TestEvents.event("e", "t", "s", "k", T0.plusMillis(100)), "kinesis", "s:1", null));
        caughtUpBoth(Duration.ofSeconds(2));
        merger.accept(new SourcedEvent(retried, "kinesis", "s:2", null));
        assertEquals(List.of("e"), ids());
        assertEquals(T0.plusMillis(100).toEpochMilli() * 1000, merger.log().after(0).key().micros());
        assertEquals(2, listener.duplicates);
    }

    @Test
    void aKinesisOriginalTurningUpAfterItsMarkedCopyWentOutIsADuplicateHoweverLate() {
        CloudEvent rewritten = TestEvents.event("rewritten", "t", "s", "k", T0);
        CloudEvent plain = TestEvents.event("plain", "t", "s", "k", T0);
        merger.accept(new SourcedEvent(rewritten, "kafka", "0:1", T0.plusMillis(100), true));
        merger.accept(new SourcedEvent(plain, "kafka", "0:2", T0.plusMillis(100)));
        caughtUpBoth(Duration.ofSeconds(1));
        for (int i = 0; i < 200; i++) {
            merger.accept(stored("later-" + i, 0, "1:" + i, 1_000 + i));
        }
        caughtUpBoth(Duration.ofSeconds(2));
        assertEquals("later-199", last(ids()));

        // a hung Kinesis shows both originals only now, beyond the 105 identities the duplicate window holds
        merger.accept(new SourcedEvent(rewritten, "kinesis", "s:1", T0.plusMillis(50)));
        assertEquals("later-199", last(ids()), "the marked copy counts: its original is a duplicate");
        assertEquals(1, listener.duplicates);
        merger.accept(new SourcedEvent(plain, "kinesis", "s:2", T0.plusMillis(50)));
        assertEquals("plain", last(ids()), "an unmarked event past the window is delivered again (late)");
    }

    @Test
    void aNoticeOfACopyDropsItsKinesisOriginalWaitingHereAndAnyThatComesLater() {
        CloudEvent waiting = TestEvents.event("waiting", "t", "s", "k", T0);
        CloudEvent later = TestEvents.event("later", "t", "s", "k", T0);
        merger.accept(new SourcedEvent(waiting, "kinesis", "s:1", T0.plusMillis(100)));
        assertEquals(1, merger.pendingCount());

        merger.copiesNoticed(List.of(waiting.identity(), later.identity()), clock.instant());
        assertEquals(0, merger.pendingCount(), "the original waiting for the watermark is a duplicate");
        merger.accept(new SourcedEvent(later, "kinesis", "s:2", T0.plusMillis(200)));
        caughtUpBoth(Duration.ofSeconds(2));
        assertEquals(List.of(), ids());
        assertEquals(2, listener.duplicates);
    }

    @Test
    void aLateKinesisOriginalDoesNotDisplaceItsWaitingCopy() {
        merger.accept(stored("before", 0, "0:1", 1_000));
        clock.advance(Duration.ofMillis(1_600));
        kinesis.caughtUp(clock.instant());
        kafka.caughtUp(clock.instant());
        merger.advance();
        assertEquals(List.of("before"), ids());
        CloudEvent event = TestEvents.event("copied", "t", "s", "k", T0);
        merger.accept(new SourcedEvent(event, "kafka", "0:2", T0.plusMillis(3_000), true));

        merger.accept(new SourcedEvent(event, "kinesis", "s:1", T0.plusMillis(500)));
        caughtUpBoth(Duration.ofSeconds(5));
        assertEquals(List.of("before", "copied"), ids());
        assertEquals(T0.plusMillis(3_000).toEpochMilli() * 1000, merger.log().after(1).key().micros(),
                "the copy, in its key's order, not the original below the released watermark");
        assertEquals(0, listener.late);
    }

    @Test
    void aMarkedCopyReadWhileItsKinesisOriginalWaitsIsTheOneThatGoesOutWhicheverNoticeFollows() {
        CloudEvent event = TestEvents.event("copied", "t", "s", "k", T0);
        merger.accept(new SourcedEvent(event, "kinesis", "s:1", T0.plusMillis(100)));
        merger.accept(new SourcedEvent(event, "kafka", "0:1", T0.plusMillis(900), true));
        merger.copiesNoticed(List.of(event.identity()), clock.instant());

        caughtUpBoth(Duration.ofSeconds(2));
        assertEquals(List.of("copied"), ids(), "neither the copy nor its noticed original is lost");
        assertEquals(T0.plusMillis(900).toEpochMilli() * 1000, merger.log().after(0).key().micros(),
                "the marked copy counts, as on a replica that read it first");
    }

    @Test
    void aMarkedCopyReadAfterANoticeDroppedItsWaitingKinesisOriginalGoesOut() {
        CloudEvent event = TestEvents.event("copied", "t", "s", "k", T0);
        merger.accept(new SourcedEvent(event, "kinesis", "s:1", T0.plusMillis(100)));
        merger.copiesNoticed(List.of(event.identity()), clock.instant());
        merger.accept(new SourcedEvent(event, "kafka", "0:1", T0.plusMillis(900), true));

        caughtUpBoth(Duration.ofSeconds(2));
        assertEquals(List.of("copied"), ids(), "the original is a duplicate of its copy, not the copy of the original");
        assertEquals(1, listener.duplicates);
    }

    @Test
    void aKinesisOriginalSortingBelowItsWaitingMarkedCopyDoesNotDisplaceIt() {
        CloudEvent event = TestEvents.event("copied", "t", "s", "k", T0);
        merger.accept(new SourcedEvent(event, "kafka", "0:1", T0.plusMillis(900), true));
        merger.accept(new SourcedEvent(event, "kinesis", "s:1", T0.plusMillis(100)));
        merger.copiesNoticed(List.of(event.identity()), clock.instant());

        caughtUpBoth(Duration.ofSeconds(2));
        assertEquals(List.of("copied"), ids());
        assertEquals(T0.plusMillis(900).toEpochMilli() * 1000, merger.log().after(0).key().micros());
    }

    @Test
    void anEventBelowTheReleasedWatermarkIsEmittedAtOnceAndCountedLate() {
        merger.accept(read("a", 500, "kafka"));
        caughtUpBoth(Duration.ofSeconds(2));
        merger.accept(read("late", 100, "kinesis"));
        assertEquals(List.of("a", "late"), ids());
        assertEquals(1, listener.late);
    }

    @Test
    void pendingEventsBeyondTheBoundAreReleasedOldestFirst() {
        for (int i = 0; i < 7; i++) {
            merger.accept(read("e" + i, 100 + i, "kafka"));
        }
        assertEquals(List.of("e0", "e1"), ids(), "max-pending is 5");
        assertEquals(5, merger.pendingCount());
        assertEquals(2, listener.forced);
    }

    @Test
    void eventsSortByWhenTheirSourceStoredThemNotByIngestTime() {
        merger.accept(stored("queued", 100, "0:1", 300));
        merger.accept(stored("quick", 200, "1:1", 250));
        caughtUpBoth(Duration.ofSeconds(2));
        assertEquals(List.of("quick", "queued"), ids(), "the one stored first comes first");
    }

    @Test
    void eventsALaneStoredInOneMillisecondKeepTheLaneOrder() {
        merger.accept(stored("tenth", 100, "0:10", 300));
        merger.accept(stored("ninth", 100, "0:9", 300));
        merger.accept(stored("other-partition", 50, "1:2", 300));
        caughtUpBoth(Duration.ofSeconds(2));
        assertEquals(List.of("ninth", "tenth", "other-partition"), ids(), "offsets compare as numbers, lanes by name");
    }

    @Test
    void aSourceSeenMakingRecordsReadableLateWidensTheAllowanceForAWhile() {
        caughtUpBoth(Duration.ofSeconds(1));
        // stored at 0 s, yet not read by the round that reported Kafka read to its end at 1 s: 1 s visibility delay
        merger.accept(stored("slow", 0, "0:1", 0));
        merger.accept(stored("next", 0, "0:2", 1_200));
        caughtUpBoth(Duration.ofSeconds(1));
        assertEquals(List.of("slow"), ids(), "at 2 s the watermark waits 1 s, not the 500 ms allowance");
        assertEquals(Duration.ofSeconds(1), kafka.visibilityLag());

        caughtUpBoth(Duration.ofSeconds(31));
        assertEquals(List.of("slow", "next"), ids());
        assertEquals(Duration.ZERO, kafka.visibilityLag(), "forgotten after the 30 s lag memory");
    }

    @Test
    void aSourceThatHandedOverEverythingStoredBeforeATimeRaisesItsBoundToThatTime() {
        merger.accept(stored("first", 0, "0:1", 1_000));
        merger.accept(stored("second", 0, "0:2", 1_400));
        clock.advance(Duration.ofSeconds(5));
        kinesis.caughtUp(clock.instant());
        kafka.caughtUp(T0.plusMillis(1_000));
        merger.advance();
        assertEquals(List.of(), ids(), "Kafka's caught-up time 1 s, less the 500 ms allowance, is before both");

        kafka.storedThrough(T0.plusMillis(1_300));
        merger.advance();
        assertEquals(List.of("first"), ids(), "everything unread sorts at or after 1.3 s");

        kafka.storedThrough(T0.plusMillis(200));
        merger.advance();
        kafka.caughtUp(T0.plusMillis(2_000));
        merger.advance();
        assertEquals(List.of("first", "second"), ids(), "an earlier stored time does not hold the caught-up time back");
    }

    @Test
    void eventsWithoutIngestTimeSortByTheirTime() {
        CloudEvent timed = TestEvents.event("t", "t", "s", "k", T0).withExtension(CloudEvent.INGEST_TIME, null)
                .withTime("2026-01-01T00:00:00.050Z");
        merger.accept(read("later", 100, "kafka"));
        merger.accept(new SourcedEvent(timed, "kinesis", "s:1", null));
        caughtUpBoth(Duration.ofSeconds(2));
        assertEquals(List.of("t", "later"), ids());
    }

    private void caughtUpBoth(Duration after) {
        clock.advance(after);
        kinesis.caughtUp(clock.instant());
        kafka.caughtUp(clock.instant());
        merger.advance();
    }

    /** An event whose source gave no storage time (so it sorts by ingest time), at its own position. */
    private SourcedEvent read(String id, long ingestMillis, String source) {
        return new SourcedEvent(TestEvents.event(id, "t", "s", "k", T0.plusMillis(ingestMillis)), source,
                "p:" + ++positions, null);
    }

    private static SourcedEvent stored(String id, long ingestMillis, String position, long storedMillis) {
        return new SourcedEvent(TestEvents.event(id, "t", "s", "k", T0.plusMillis(ingestMillis)), "kafka", position,
                T0.plusMillis(storedMillis));
    }

    private static String last(List<String> ids) {
        return ids.get(ids.size() - 1);
    }

    private List<String> ids() {
        List<String> ids = new ArrayList<>();
        for (MergedEvent e = merger.log().after(0); e != null; e = merger.log().after(e.sequence())) {
            ids.add(e.attributes().id());
        }
        return ids;
    }

    private static final class CountingListener implements MergeListener {
        int duplicates;
        int late;
        int forced;

        @Override
        public void emitted(long lastSequence) {
        }

        @Override
        public void duplicateDropped() {
            duplicates++;
        }

        @Override
        public void lateEmitted() {
            late++;
        }

        @Override
        public void forcedRelease() {
            forced++;
        }
    }
}
