package dev.pipeline.delivery.catchup;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;

import dev.pipeline.delivery.MergedFeed;
import dev.pipeline.delivery.merge.EventLog;
import dev.pipeline.delivery.merge.MergeListener;
import dev.pipeline.delivery.merge.ResumePoint;
import dev.pipeline.delivery.merge.SortKey;
import dev.pipeline.delivery.source.ReadGate;
import dev.pipeline.delivery.source.SourceStatus;

/**
 * One catch-up read: both streams read again from {@code readFrom}, merged like the live feed, into a small buffer
 * that the partners resuming from there read from. It reads only as fast as its slowest partner takes events (a
 * reader waits while that partner is half a buffer behind), so a slow partner costs a bounded buffer, not memory; a
 * partner that reads nothing for the stall timeout is cut off and resumes later with its cursor.
 */
public final class CatchUpSession implements MergeListener, ReadGate, EventLog.SpaceGate, AutoCloseable {

    /** A partner reading this session: where it is in the buffer, how to wake it, how to cut it off. */
    public static final class Reader {
        private final LongSupplier position;
        private final LongConsumer wake;
        private final Runnable cutOff;
        private long lastPosition = -1;
        private long movedAt;

        public Reader(LongSupplier position, LongConsumer wake, Runnable cutOff) {
            this.position = position;
            this.wake = wake;
            this.cutOff = cutOff;
        }
    }

    private final Instant readFrom;
    private final SortKey servesFrom;
    private final long stallNanos;
    private final int room;
    private final Set<Reader> readers = ConcurrentHashMap.newKeySet();
    private final Object lock = new Object();
    private volatile MergedFeed feed;
    private volatile boolean closed;
    private volatile long emptySince;
    /**
     * The merger may append without looking at the partners while the last sequence is below this: the slowest one
     * was at most {@code capacity - 1} events behind it when last looked (positions only grow; a join resets it).
     * Looking on every append, over the set of partners, cost a tenth of the catch-up's reading thread.
     */
    private volatile long appendFreelyBelow = Long.MIN_VALUE;

    /**
     * {@code servesFrom}: the session keeps the same copy of a duplicated event as every other feed only above this
     * key (its start plus the duplicate lookback); {@code bufferEvents}: its buffer, of which half may run ahead.
     */
    CatchUpSession(Instant readFrom, SortKey servesFrom, Duration stallTimeout, int bufferEvents) {
        this.readFrom = readFrom;
        this.servesFrom = servesFrom;
        this.stallNanos = stallTimeout.toNanos();
        this.room = Math.max(1, bufferEvents / 2);
        this.emptySince = System.nanoTime();
    }

    void feed(MergedFeed feed) {
        this.feed = feed;
    }

    public Instant readFrom() {
        return readFrom;
    }

    public EventLog log() {
        return feed.merger().log();
    }

    /** Whether a partner continuing after {@code from} can read from this session's buffer. */
    public boolean canServe(SortKey from) {
        return !closed && from.compareTo(servesFrom) >= 0 && log().covers(from);
    }

    /** Every event of this read sorting below this time (µs) is in its buffer ({@link Long#MIN_VALUE} before any). */
    public long emittedThroughMicros() {
        return feed.merger().emittedThroughMicros();
    }

    /** Where a partner continuing after {@code from} starts in the buffer. */
    public ResumePoint startAfter(SortKey from) {
        return log().handOverAfter(from);
    }

    public void join(Reader reader) {
        reader.movedAt = System.nanoTime();
        synchronized (lock) { // not between the merger's look at the partners and its noting what it saw
            readers.add(reader);
            appendFreelyBelow = Long.MIN_VALUE;
        }
    }

    /** The partner left (handed over to the live feed, or disconnected). */
    public void leave(Reader reader) {
        readers.remove(reader);
        if (readers.isEmpty()) {
            emptySince = System.nanoTime();
        }
        progressed();
    }

    /** A partner took events: the readers may have room again. */
    public void progressed() {
        synchronized (lock) {
            lock.notifyAll();
        }
    }

    /** A partner is about to join: the session is not idle. */
    void touch() {
        emptySince = System.nanoTime();
    }

    /** Nobody has read from this session for {@code idleNanos}. */
    boolean idleFor(long idleNanos) {
        return readers.isEmpty() && System.nanoTime() - emptySince > idleNanos;
    }

    @Override
    public void awaitRoom(SourceStatus status) throws InterruptedException {
        synchronized (lock) {
            while (!closed && behind(log().lastSequence()) >= room) {
                status.paused();
                lock.wait(100);
            }
        }
    }

    /**
     * Called by the merger before it appends: waits while the append would evict an event the slowest partner has not
     * read, telling both sources they are paused (the merger holds their readers meanwhile).
     */
    @Override
    public void awaitSpace(long lastSequence, int capacity) {
        if (lastSequence < appendFreelyBelow) {
            return;
        }
        synchronized (lock) {
            long slowest = lastSequence;
            while (!closed && lastSequence - (slowest = slowest(lastSequence)) >= capacity - 1) {
                feed.kinesisStatus().paused();
                feed.kafkaStatus().paused();
                try {
                    lock.wait(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            appendFreelyBelow = closed ? Long.MIN_VALUE : slowest + capacity - 1;
        }
    }

    /** How far the slowest partner is behind {@code last}; cuts off one that stopped reading. */
    private long behind(long last) {
        return last - slowest(last);
    }

    /** The slowest partner's position, or {@code last} without any; cuts off one that stopped reading. */
    private long slowest(long last) {
        long slowest = last;
        long now = System.nanoTime();
        for (Reader reader : readers) {
            long position = reader.position.getAsLong();
            if (position != reader.lastPosition) {
                reader.lastPosition = position;
                reader.movedAt = now;
            } else if (last - position >= room && now - reader.movedAt > stallNanos) {
                readers.remove(reader);
                reader.cutOff.run();
                continue;
            }
            slowest = Math.min(slowest, position);
        }
        return slowest;
    }

    @Override
    public void emitted(long lastSequence) {
        for (Reader reader : readers) {
            reader.wake.accept(lastSequence);
        }
    }

    @Override
    public void duplicateDropped() {
    }

    @Override
    public void lateEmitted() {
    }

    @Override
    public void forcedRelease() {
    }

    @Override
    public void close() {
        closed = true;
        progressed();
        MergedFeed current = feed;
        if (current != null) {
            current.close();
        }
    }
}
