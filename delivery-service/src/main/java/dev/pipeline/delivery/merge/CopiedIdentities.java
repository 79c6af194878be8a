package dev.pipeline.delivery.merge;

import java.time.Duration;
import java.time.Instant;

/**
 * The identities of the events routers wrote to Kafka as copies of Kinesis writes (marked by
 * {@link dev.pipeline.envelope.KinesisCopies}): writes whose outcome Kinesis never told, and writes Kinesis stored
 * that delivery may not have read when it stopped answering. The copy is the one that counts: when the Kinesis
 * original turns up after its copy went out, however late (a hung Kinesis stores or shows it only when it returns,
 * hours later in a long outage), it is a duplicate, never a second delivery or an out-of-order one.
 * <p>
 * The count-bounded {@link DuplicateFilter} forgets an identity after a few minutes of traffic; this remembers copies
 * for a span of time (a day and more: Kinesis keeps records 24 hours by default). Copies are few — the events at the
 * edge of each outage — and each is kept compactly: a 64-bit keyed fingerprint of its identity and the time its copy
 * was stored, 16 bytes in a ring plus its slot in a {@link RingIndex}. The oldest are forgotten once older than the
 * span (as of the newest copy) or beyond the capacity. Two identities share a fingerprint with probability 2^-64, and
 * producers cannot choose ids that do ({@link SipHash}). Thread-safe: every feed of a replica shares one, so a
 * catch-up read knows the copies the live feed has read, and the other way round.
 */
public final class CopiedIdentities {

    private final int capacity;
    private final long spanMillis;
    private final long[] fingerprints;
    private final long[] storedAtMillis;
    private final SipHash hash = SipHash.randomlyKeyed();
    private final RingIndex index;
    /** Ring slots in use: {@code oldest} up to, not including, {@code oldest + size} (mod capacity). */
    private int oldest;
    private int size;
    private long forgottenEarly;

    public CopiedIdentities(int capacity, Duration span) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive: " + capacity);
        }
        this.capacity = capacity;
        this.spanMillis = span.toMillis();
        this.fingerprints = new long[capacity];
        this.storedAtMillis = new long[capacity];
        this.index = new RingIndex(capacity, slot -> fingerprints[slot]);
    }

    /** A copy of the event with this identity was stored in Kafka at {@code storedAt}. */
    public synchronized void copied(String source, String id, Instant storedAt) {
        long fingerprint = hash.hash(source, id);
        if (index.find(fingerprint, slot -> fingerprints[slot] == fingerprint) != RingIndex.NONE) {
            return;
        }
        long at = storedAt.toEpochMilli();
        while (size > 0 && storedAtMillis[oldest] < at - spanMillis) {
            forgetOldest();
        }
        if (size == capacity) {
            forgetOldest();
            forgottenEarly++;
        }
        int slot = (oldest + size) % capacity;
        fingerprints[slot] = fingerprint;
        storedAtMillis[slot] = at;
        index.add(slot, fingerprint);
        size++;
    }

    /** Whether a copy of the event with this identity was stored within the span. */
    public synchronized boolean isCopied(String source, String id) {
        long fingerprint = hash.hash(source, id);
        return index.find(fingerprint, slot -> fingerprints[slot] == fingerprint) != RingIndex.NONE;
    }

    /** Whether a copy stored at {@code storedAt} is still within the span at {@code now}. */
    public boolean withinSpan(Instant storedAt, Instant now) {
        return storedAt.toEpochMilli() >= now.toEpochMilli() - spanMillis;
    }

    /** Copies remembered now. */
    public synchronized int size() {
        return size;
    }

    /** Copies forgotten before the span was over, for want of capacity: their originals may be delivered again. */
    public synchronized long forgottenEarly() {
        return forgottenEarly;
    }

    private void forgetOldest() {
        index.remove(oldest);
        oldest = (oldest + 1) % capacity;
        size--;
    }
}
