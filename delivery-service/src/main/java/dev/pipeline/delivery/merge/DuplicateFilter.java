package dev.pipeline.delivery.merge;

import java.util.Arrays;

/**
 * Remembers the identities (source + id) of the most recent events, up to a fixed count, so memory stays
 * bounded under any load; an event seen within that window is a duplicate. Exact (identities are compared, not
 * hashes) and without an object per identity: the window is a ring of the identities' own strings, indexed by an
 * open-addressing table of ring slots. At tens of thousands of events per second a map entry and a key object per
 * identity, each promoted to the old generation and dying there, were much of delivery's garbage-collection work.
 * Identities are placed by a keyed hash ({@link SipHash}, a random key per filter): ids are chosen by producers,
 * and ids crafted to collide under {@link String#hashCode} would otherwise make every lookup scan one long run.
 * Not thread-safe: the merger calls it under its lock.
 */
final class DuplicateFilter {

    private static final int EMPTY = -1;

    private final int capacity;
    private final String[] sources;
    private final String[] ids;
    /** Ring slots of the identities in the window, at their hash (linear probing); {@link #EMPTY} where none. */
    private final int[] index;
    private final int mask;
    private final int shift;
    private final SipHash hash = SipHash.randomlyKeyed();
    private long added;
    /** Table slots looked at so far: the work lookups cost, independent of timing. */
    private long probes;

    DuplicateFilter(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive: " + capacity);
        }
        this.capacity = capacity;
        this.sources = new String[capacity];
        this.ids = new String[capacity];
        // at most half full, so probe runs stay short
        int tableSize = Integer.highestOneBit(capacity * 2 - 1) << 1;
        this.index = new int[tableSize];
        this.mask = tableSize - 1;
        this.shift = 64 - Integer.numberOfTrailingZeros(tableSize);
        Arrays.fill(index, EMPTY);
    }

    /** True the first time an identity is offered within the window, false for a duplicate. */
    boolean firstTime(String source, String id) {
        int at = home(source, id);
        for (int slot = index[at]; slot != EMPTY; at = (at + 1) & mask, slot = index[at]) {
            probes++;
            if (ids[slot].equals(id) && sources[slot].equals(source)) {
                return false;
            }
        }
        int slot = (int) (added % capacity);
        if (added >= capacity) {
            forget(slot);
        }
        sources[slot] = source;
        ids[slot] = id;
        insert(slot);
        added++;
        return true;
    }

    private void insert(int slot) {
        int at = home(sources[slot], ids[slot]);
        while (index[at] != EMPTY) {
            probes++;
            at = (at + 1) & mask;
        }
        index[at] = slot;
    }

    /** Removes the identity in ring slot {@code slot} from the index, shifting later entries of its run back. */
    private void forget(int slot) {
        int at = home(sources[slot], ids[slot]);
        while (index[at] != slot) {
            at = (at + 1) & mask;
        }
        int hole = at;
        for (int next = (hole + 1) & mask; index[next] != EMPTY; next = (next + 1) & mask) {
            int wanted = home(sources[index[next]], ids[index[next]]);
            // the entry at next may fill the hole unless its home lies cyclically within (hole, next]
            boolean homeAfterHole = hole <= next ? hole < wanted && wanted <= next : hole < wanted || wanted <= next;
            if (!homeAfterHole) {
                index[hole] = index[next];
                hole = next;
            }
        }
        index[hole] = EMPTY;
    }

    /** Table slots looked at by lookups and inserts so far. */
    long probes() {
        return probes;
    }

    /** The top bits of the identity's keyed hash. */
    private int home(String source, String id) {
        return (int) (hash.hash(source, id) >>> shift);
    }
}
