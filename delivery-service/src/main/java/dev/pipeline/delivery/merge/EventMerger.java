package dev.pipeline.delivery.merge;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import dev.pipeline.delivery.source.SourceStatus;
import dev.pipeline.envelope.CloudEvent;
import dev.pipeline.envelope.CloudEventJson;
import dev.pipeline.envelope.KinesisHeartbeat;
import dev.pipeline.envelope.RouterHeartbeat;
import dev.pipeline.delivery.watermark.RouterLeases;
import dev.pipeline.delivery.watermark.Watermark;

/**
 * Merges what both sources read into one feed: drops duplicates by CloudEvents source + id, holds events until
 * the {@link Watermark} passes them and emits them into the {@link EventLog} in {@link SortKey} order.
 * Plain Java, thread-safe; sources call {@link #accept} and {@link #advance}.
 */
public final class EventMerger {

    /** Distinct lanes, event types and sources shared among the events held (more are held unshared). */
    private static final int STRING_POOL_SIZE = 4096;
    /** How often a source waiting for room looks again without being woken (a source may die meanwhile). */
    private static final long ROOM_RECHECK_MILLIS = 50;

    private final Clock clock;
    private final int maxPending;
    private final long maxPendingBytes;
    private final SourceStatus kinesis;
    private final SourceStatus kafka;
    private final MergeListener listener;
    private final DuplicateFilter duplicates;
    private final CopiedIdentities copies;
    private final StringPool strings = new StringPool(STRING_POOL_SIZE);
    private final EventLog log;
    private final RouterLeases leases;
    private final TreeMap<SortKey, Pending> pending = new TreeMap<>();
    private final Map<KeyedIdentity, SortKey> pendingKeys = new HashMap<>();
    /**
     * Events whose Kinesis original a copy notice dropped while it waited: the duplicate filter saw the original, yet
     * their marked copy is the one to deliver. As many as the filter remembers: past that it lets the copy through anyway.
     */
    private final LinkedHashSet<KeyedIdentity> awaitingCopy = new LinkedHashSet<>();
    private final int awaitingCopyCapacity;
    private long pendingBytes;
    /**
     * The events waiting fill half the bounds: written under the lock as they change, read without it, so that a
     * source asking for room takes the lock only when there may be none (a source decoding beside the merge waited
     * for the lock a quarter of its time, though there was room).
     */
    private volatile boolean crowded;
    private SortKey released;
    private long sequence;
    private volatile long watermarkMicros = Long.MIN_VALUE;

    public EventMerger(Settings settings, Clock clock, SourceStatus kinesis, SourceStatus kafka, MergeListener listener) {
        this.clock = clock;
        this.maxPending = settings.maxPending();
        this.maxPendingBytes = settings.maxPendingBytes();
        this.kinesis = kinesis;
        this.kafka = kafka;
        this.listener = listener;
        this.awaitingCopyCapacity = Math.max(settings.dedupWindow(), settings.historySize() + settings.maxPending());
        this.duplicates = new DuplicateFilter(awaitingCopyCapacity);
        this.copies = settings.copies();
        this.log = new EventLog(settings.historySize(), settings.historyBytes(), settings.lateResendWindow(), clock,
                settings.coveredFrom(), settings.spaceGate());
        this.leases = new RouterLeases(settings.routerExpiry());
    }

    /**
     * Bounds and timing of a merger. {@code coveredFrom}: the feed is complete above this key (the sources are read
     * from some time on, and copies of an event lie within the duplicate lookback of each other), null for all.
     * {@code copies}: the routers' copies of Kinesis writes known to the replica, shared by its feeds.
     */
    public record Settings(int maxPending, long maxPendingBytes, int historySize, long historyBytes, int dedupWindow,
                           Duration lateResendWindow, Duration routerExpiry, SortKey coveredFrom,
                           EventLog.SpaceGate spaceGate, CopiedIdentities copies) {

        /** Bounds by count only, over a feed holding everything from its start, its cache evicting freely. */
        public static Settings byCount(int maxPending, int historySize, int dedupWindow, Duration lateResendWindow,
                                       Duration routerExpiry) {
            return new Settings(maxPending, Long.MAX_VALUE, historySize, Long.MAX_VALUE, dedupWindow, lateResendWindow,
                    routerExpiry, null, EventLog.SpaceGate.NONE, new CopiedIdentities(dedupWindow, Duration.ofDays(1)));
        }
    }

    /** Where an event was read: Kinesis, Kafka, or Kafka as a router's marked copy of a Kinesis write. */
    private enum Origin {
        KINESIS, KAFKA, KAFKA_COPY;

        static Origin of(SourcedEvent read) {
            if (read.kinesisCopy()) {
                return KAFKA_COPY;
            }
            return read.source().equals(SourcedEvent.KINESIS) ? KINESIS : KAFKA;
        }
    }

    /** An event waiting for the watermark, already encoded: its size counts against the pending budget. */
    private record Pending(KeyedIdentity identity, FeedAttributes attributes, byte[] json, Origin origin) {

        long footprint() {
            return json.length + 256L;
        }

        Pending from(Origin other) {
            return new Pending(identity, attributes, json, other);
        }
    }

    public EventLog log() {
        return log;
    }

    /** Admits an event read from a source unless it is a duplicate. */
    public synchronized void accept(SourcedEvent read) {
        CloudEvent event = read.event();
        SortKey key = new SortKey(EventTime.sortMicros(read, clock.instant()), strings.share(read.lane()),
                read.numberInLane());
        noteVisibilityLag(read);
        KeyedIdentity identity = KeyedIdentity.of(strings.share(event.source()), event.id());
        Origin origin = Origin.of(read);
        if (origin == Origin.KAFKA_COPY) {
            copies.copied(event.source(), event.id(), read.appended() != null ? read.appended() : clock.instant());
        }
        SortKey waiting = pendingKeys.get(identity);
        if (waiting != null) {
            if (replacesWaiting(origin, key, pending.get(waiting).origin(), waiting)) {
                pending.put(key, pending.remove(waiting).from(origin));
                pendingKeys.put(identity, key);
            }
            listener.duplicateDropped();
            return;
        }
        if (origin == Origin.KINESIS && copies.isCopied(event.source(), event.id())) {
            // its copy in Kafka counts (and went out): however late the original, it is a duplicate
            listener.duplicateDropped();
            return;
        }
        boolean noticedOriginalDropped = origin == Origin.KAFKA_COPY && awaitingCopy.remove(identity);
        if (!noticedOriginalDropped && !duplicates.firstTime(identity)) {
            listener.duplicateDropped();
            return;
        }
        long before = sequence;
        Pending encoded = new Pending(identity, FeedAttributes.of(event, strings::share),
                CloudEventJson.write(event), origin);
        if (released != null && key.compareTo(released) <= 0) {
            emit(key, encoded, true);
            listener.lateEmitted();
        } else {
            pending.put(key, encoded);
            pendingBytes += encoded.footprint();
            pendingKeys.put(identity, key);
            pendingChanged();
            while (pending.size() > maxPending || pendingBytes > maxPendingBytes && pending.size() > 1) {
                releaseFirst();
                listener.forcedRelease();
            }
        }
        notifyIfEmitted(before);
    }

    /**
     * A router's notice, stored on the control topic at {@code storedAt}, that it wrote these events to Kafka as copies
     * of Kinesis writes: their Kinesis originals are duplicates, including one already waiting here (a replica that
     * started after the copies went by reads the notices from the control topic's beginning, beside the stream).
     */
    public synchronized void copiesNoticed(List<CloudEvent.EventIdentity> identities, Instant storedAt) {
        if (!copies.withinSpan(storedAt, clock.instant())) {
            return;
        }
        for (CloudEvent.EventIdentity identity : identities) {
            copies.copied(identity.source(), identity.id(), storedAt);
            SortKey waiting = pendingKeys.get(KeyedIdentity.of(identity));
            if (waiting != null && pending.get(waiting).origin() == Origin.KINESIS) {
                Pending original = pending.remove(waiting);
                pendingKeys.remove(original.identity());
                pendingBytes -= original.footprint();
                pendingChanged();
                awaitingCopy.add(original.identity());
                if (awaitingCopy.size() > awaitingCopyCapacity) {
                    awaitingCopy.remove(awaitingCopy.iterator().next());
                }
                listener.duplicateDropped();
            }
        }
    }

    /**
     * Whether an event read while another copy of it waits takes its place. A router's marked copy counts over its
     * Kinesis original, wherever either sorts, so every replica delivers the copy that a notice or a late original
     * leaves standing. Otherwise the lower key stays, so every replica keeps the same copy, unless the watermark has
     * passed it (an original turning up late): the copy waiting is in its key's order, the late one not.
     */
    private boolean replacesWaiting(Origin incoming, SortKey key, Origin waitingOrigin, SortKey waiting) {
        if (incoming == Origin.KAFKA_COPY && waitingOrigin == Origin.KINESIS) {
            return true;
        }
        if (incoming == Origin.KINESIS && waitingOrigin == Origin.KAFKA_COPY) {
            return false;
        }
        return key.compareTo(waiting) < 0 && (released == null || key.compareTo(released) > 0);
    }

    /** A router's heartbeat, read from Kafka where it was stored at {@code storedAt}. */
    public synchronized void heard(RouterHeartbeat heartbeat, Instant storedAt) {
        leases.heard(heartbeat, storedAt);
    }

    /** A router's heartbeat about its Kafka writes, read from Kinesis where it arrived at {@code arrivedAt}. */
    public synchronized void heard(KinesisHeartbeat heartbeat, Instant arrivedAt) {
        leases.heard(heartbeat, arrivedAt);
    }

    /** Routers heard of recently (their heartbeats let the merge stop waiting on a stream none writes to). */
    public synchronized int routersKnown() {
        return leases.known();
    }

    /** A record stored before its source was last reported read to its end was not readable then: note by how much. */
    private void noteVisibilityLag(SourcedEvent read) {
        if (read.appended() == null) {
            return;
        }
        SourceStatus source = read.source().equals(SourcedEvent.KINESIS) ? kinesis : kafka;
        source.caughtUpAt().filter(read.appended()::isBefore)
                .ifPresent(caughtUp -> source.slowVisibility(Duration.between(read.appended(), caughtUp)));
    }

    /**
     * Waits while the events waiting for the watermark fill half its bounds and the watermark is held back by the
     * other source (or there is none yet, this source having a bound): reading {@code source} further would only fill
     * them until the oldest are released early, out of order (a catch-up read started 100,000 events ahead of
     * Kinesis' first round that way). Returns at once when {@code source} itself holds the watermark back or has no
     * bound yet, so the source the merge waits for is always read; a dead source holds nothing back.
     */
    public void awaitRoomFor(SourceStatus source) throws InterruptedException {
        if (!crowded) {
            return;
        }
        synchronized (this) {
            while (crowded && heldBackByTheOther(source)) {
                source.paused();
                wait(ROOM_RECHECK_MILLIS);
            }
        }
    }

    private void pendingChanged() {
        boolean now = pending.size() >= maxPending / 2 || pendingBytes >= maxPendingBytes / 2;
        if (now != crowded) {
            crowded = now;
        }
    }

    private boolean heldBackByTheOther(SourceStatus source) {
        Optional<Instant> own = source.progress().bound();
        if (own.isEmpty()) {
            return false;
        }
        Optional<Long> watermark = Watermark.compute(kinesis.progress(), kafka.progress(), leases);
        return watermark.isEmpty() || watermark.get() < EventTime.micros(own.get());
    }

    /** Emits every pending event below the current watermark. */
    public synchronized void advance() {
        Optional<Long> watermark = Watermark.compute(kinesis.progress(), kafka.progress(), leases);
        if (watermark.isEmpty()) {
            return;
        }
        watermarkMicros = watermark.get();
        SortKey bound = SortKey.floor(watermark.get());
        long before = sequence;
        while (!pending.isEmpty() && pending.firstKey().compareTo(bound) < 0) {
            releaseFirst();
        }
        log.emittedThrough(watermark.get());
        notifyIfEmitted(before);
        if (sequence != before) {
            notifyAll(); // a source waiting for room may go on
        }
    }

    /**
     * Every event sorting below this time (µs) has been appended to the log: a reader that read the log up to its
     * last sequence after reading this has seen all of them. {@link Long#MIN_VALUE} before the first watermark.
     */
    public long emittedThroughMicros() {
        return log.emittedThroughMicros();
    }

    public synchronized int pendingCount() {
        return pending.size();
    }

    /** How far the watermark trails the clock: what the feed adds to an event's latency; empty before one exists. */
    public Optional<Duration> watermarkDelay() {
        long micros = watermarkMicros;
        if (micros == Long.MIN_VALUE) {
            return Optional.empty();
        }
        return Optional.of(micros == Long.MAX_VALUE ? Duration.ZERO
                : Duration.of(Math.max(0, EventTime.micros(clock.instant()) - micros), ChronoUnit.MICROS));
    }

    private void releaseFirst() {
        Map.Entry<SortKey, Pending> first = pending.pollFirstEntry();
        pendingKeys.remove(first.getValue().identity());
        pendingBytes -= first.getValue().footprint();
        pendingChanged();
        emit(first.getKey(), first.getValue(), false);
    }

    private void emit(SortKey key, Pending event, boolean late) {
        log.append(new MergedEvent(++sequence, key, event.attributes(), event.json(), late));
        if (released == null || key.compareTo(released) > 0) {
            released = key;
        }
    }

    private void notifyIfEmitted(long before) {
        if (sequence != before) {
            listener.emitted(sequence);
        }
    }
}
