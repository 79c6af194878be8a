package dev.pipeline.delivery.merge;

/**
 * Remembers the identities (source + id) of the most recent events, up to a fixed count, so memory stays
 * bounded under any load; an event seen within that window is a duplicate. Exact (identities are compared, not
 * hashes) and without an object per identity: the window is a ring of the identities' own strings, found through a
 * {@link RingIndex}. At tens of thousands of events per second a map entry and a key object per identity, each
 * promoted to the old generation and dying there, were much of delivery's garbage-collection work.
 * Identities are placed by a keyed hash ({@link KeyedIdentity}: SipHash, a random key per process): ids are chosen
 * by producers, and ids crafted to collide under {@link String#hashCode} would otherwise make every lookup scan one
 * long run. Not thread-safe: the merger calls it under its lock.
 */
final class DuplicateFilter {

    private final int capacity;
    private final String[] sources;
    private final String[] ids;
    /** Each slot's hash, kept: removing an entry looks at the hashes of its probe run, rehashing them cost most. */
    private final long[] hashes;
    private final RingIndex index;
    private long added;

    DuplicateFilter(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive: " + capacity);
        }
        this.capacity = capacity;
        this.sources = new String[capacity];
        this.ids = new String[capacity];
        this.hashes = new long[capacity];
        this.index = new RingIndex(capacity, slot -> hashes[slot]);
    }

    /** True the first time an identity is offered within the window, false for a duplicate. */
    boolean firstTime(KeyedIdentity identity) {
        String source = identity.source();
        String id = identity.id();
        long identityHash = identity.hash();
        int seen = index.find(identityHash, slot -> ids[slot].equals(id) && sources[slot].equals(source));
        if (seen != RingIndex.NONE) {
            return false;
        }
        int slot = (int) (added % capacity);
        if (added >= capacity) {
            index.remove(slot);
        }
        sources[slot] = source;
        ids[slot] = id;
        hashes[slot] = identityHash;
        index.add(slot, identityHash);
        added++;
        return true;
    }

    /** Table slots looked at by lookups and inserts so far. */
    long probes() {
        return index.probes();
    }
}
