package dev.pipeline.delivery.merge;

import java.util.Arrays;
import java.util.function.IntPredicate;

/**
 * Finds the entries of a fixed-size ring by a 64-bit keyed hash without an object per entry: an open-addressing table
 * (linear probing, at most half full) of ring slot numbers, placed by the top bits of each entry's hash. Removing an
 * entry shifts the later entries of its probe run back, so no tombstones accumulate as the ring turns over. The
 * hashes must be keyed ({@link SipHash}) where the keys come from producers: chosen collisions would make each lookup
 * scan one long run. Not thread-safe.
 */
final class RingIndex {

    /** The hash of the entry held in a ring slot. */
    interface Hashes {
        long of(int slot);
    }

    static final int NONE = -1;

    private final int[] table;
    private final int mask;
    private final int shift;
    private final Hashes hashes;
    /** Table slots looked at so far: the work lookups cost, independent of timing. */
    private long probes;

    RingIndex(int ringSize, Hashes hashes) {
        int tableSize = Integer.highestOneBit(ringSize * 2 - 1) << 1;
        this.table = new int[tableSize];
        this.mask = tableSize - 1;
        this.shift = 64 - Integer.numberOfTrailingZeros(tableSize);
        this.hashes = hashes;
        Arrays.fill(table, NONE);
    }

    /** The ring slot of an entry with this hash that {@code matches} accepts, or {@link #NONE}. */
    int find(long hash, IntPredicate matches) {
        for (int at = home(hash), slot = table[at]; slot != NONE; at = (at + 1) & mask, slot = table[at]) {
            probes++;
            if (matches.test(slot)) {
                return slot;
            }
        }
        return NONE;
    }

    /** Indexes the entry now held in ring slot {@code slot}, whose hash is {@code hash}. */
    void add(int slot, long hash) {
        int at = home(hash);
        while (table[at] != NONE) {
            probes++;
            at = (at + 1) & mask;
        }
        table[at] = slot;
    }

    /** Removes ring slot {@code slot}, whose entry is still in the ring, from the index. */
    void remove(int slot) {
        int at = home(hashes.of(slot));
        while (table[at] != slot) {
            at = (at + 1) & mask;
        }
        int hole = at;
        for (int next = (hole + 1) & mask; table[next] != NONE; next = (next + 1) & mask) {
            int wanted = home(hashes.of(table[next]));
            // the entry at next may fill the hole unless its home lies cyclically within (hole, next]
            boolean homeAfterHole = hole <= next ? hole < wanted && wanted <= next : hole < wanted || wanted <= next;
            if (!homeAfterHole) {
                table[hole] = table[next];
                hole = next;
            }
        }
        table[hole] = NONE;
    }

    /** Table slots looked at by lookups and additions so far. */
    long probes() {
        return probes;
    }

    private int home(long hash) {
        return (int) (hash >>> shift);
    }
}
