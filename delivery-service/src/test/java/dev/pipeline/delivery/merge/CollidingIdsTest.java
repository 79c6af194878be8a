package dev.pipeline.delivery.merge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

import dev.pipeline.envelope.CloudEvent;

/**
 * 100,000 event ids crafted to collide under {@link String#hashCode} cost what random ids cost, in both tables the
 * merge hashes identities into. Work is counted (probe steps, chain lengths), never timed.
 */
class CollidingIdsTest {

    private static final int COUNT = 100_000;
    private static final String SOURCE = "/attacker";

    @Test
    void theCraftedIdsDoCollideUnderStringHashCode() {
        List<String> ids = colliding();
        assertEquals(COUNT, ids.stream().distinct().count());
        assertEquals(1, ids.stream().map(String::hashCode).distinct().count(), "every id has the same String hash");
        assertEquals(1, ids.stream().map(id -> new CloudEvent.EventIdentity(SOURCE, id).hashCode()).distinct().count(),
                "and so has every identity");
    }

    @Test
    void theDuplicateFilterProbesCollidingIdsAsLittleAsRandomOnes() {
        long colliding = probes(colliding());
        long random = probes(random());
        // half-full linear probing: about 1.5 probes per insert and per lookup; a single run would be ~COUNT^2 / 2
        assertTrue(colliding < 4L * COUNT, "colliding ids: " + colliding + " probes");
        assertTrue(colliding < random * 1.25 + COUNT / 10, "colliding " + colliding + " vs random " + random);
    }

    @Test
    void thePendingMapSpreadsCollidingIdsAsWellAsRandomOnes() {
        long colliding = chainWork(colliding());
        long random = chainWork(random());
        assertTrue(colliding < 2L * COUNT, "colliding ids: " + colliding + " comparisons");
        assertTrue(colliding < random * 1.25 + COUNT / 10, "colliding " + colliding + " vs random " + random);
    }

    /** Probe steps of offering every id once, then once more (each then found as a duplicate). */
    private static long probes(List<String> ids) {
        DuplicateFilter filter = new DuplicateFilter(2 * COUNT);
        ids.forEach(id -> assertTrue(filter.firstTime(KeyedIdentity.of(SOURCE, id))));
        ids.forEach(id -> assertTrue(!filter.firstTime(KeyedIdentity.of(SOURCE, id))));
        return filter.probes();
    }

    /**
     * Key comparisons to find every key once in a chained table laid out as {@link HashMap} lays it out (hash spread
     * by {@code h ^ h >>> 16}, 2^18 buckets for 100,000 keys): a key at depth d of its bucket costs d comparisons.
     */
    private static long chainWork(List<String> ids) {
        int buckets = 1 << 18;
        Map<Integer, Integer> sizes = new HashMap<>();
        long work = 0;
        for (String id : ids) {
            int h = KeyedIdentity.of(new CloudEvent.EventIdentity(SOURCE, id)).hashCode();
            int bucket = (h ^ h >>> 16) & (buckets - 1);
            work += sizes.merge(bucket, 1, Integer::sum);
        }
        return work;
    }

    /** Ids made of 17 blocks each "Aa" or "BB" (equal String hashes): 2^17 ids with one hash, the first 100,000. */
    private static List<String> colliding() {
        List<String> ids = new ArrayList<>(COUNT);
        for (int n = 0; ids.size() < COUNT; n++) {
            StringBuilder id = new StringBuilder(34);
            for (int bit = 16; bit >= 0; bit--) {
                id.append((n >>> bit & 1) == 0 ? "Aa" : "BB");
            }
            ids.add(id.toString());
        }
        return ids;
    }

    /** Random ids of the same length and alphabet. */
    private static List<String> random() {
        Random random = new Random(42);
        List<String> ids = new ArrayList<>(COUNT);
        for (int i = 0; i < COUNT; i++) {
            StringBuilder id = new StringBuilder(34);
            for (int j = 0; j < 34; j++) {
                id.append("ABab".charAt(random.nextInt(4)));
            }
            ids.add(id.toString());
        }
        return ids;
    }
}
