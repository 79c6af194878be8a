package dev.pipeline.delivery.merge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;

class DuplicateFilterTest {

    @Test
    void anIdentitySeenWithinTheWindowIsADuplicateAndSourceAndIdBothCount() {
        DuplicateFilter filter = new DuplicateFilter(10);
        assertTrue(filter.firstTime(KeyedIdentity.of("/shop", "1")));
        assertFalse(filter.firstTime(KeyedIdentity.of("/shop", "1")));
        assertFalse(filter.firstTime(KeyedIdentity.of(new String("/shop"), new String("1"))),
                "compared by value, not by reference");
        assertTrue(filter.firstTime(KeyedIdentity.of("/shop", "2")));
        assertTrue(filter.firstTime(KeyedIdentity.of("/other", "1")));
        // "Aa" and "BB" have the same String hash code: equal hashes are told apart by their strings
        assertTrue(filter.firstTime(KeyedIdentity.of("/shop", "Aa")));
        assertTrue(filter.firstTime(KeyedIdentity.of("/shop", "BB")));
        assertFalse(filter.firstTime(KeyedIdentity.of("/shop", "BB")));
    }

    @Test
    void theOldestIdentityLeavesTheWindowFirst() {
        DuplicateFilter filter = new DuplicateFilter(3);
        for (String id : new String[] {"a", "b", "c", "d"}) {
            assertTrue(filter.firstTime(KeyedIdentity.of("/s", id)));
        }
        assertTrue(filter.firstTime(KeyedIdentity.of("/s", "a")), "a was evicted by d");
        assertFalse(filter.firstTime(KeyedIdentity.of("/s", "c")), "c is still within the window");
        assertFalse(filter.firstTime(KeyedIdentity.of("/s", "d")));
    }

    /** Many colliding hashes make long probe runs; evicting from their middle must keep every later entry findable. */
    @Test
    void agreesWithAPlainWindowUnderCollidingAndRandomIdentities() {
        int capacity = 500;
        DuplicateFilter filter = new DuplicateFilter(capacity);
        Deque<String> window = new ArrayDeque<>();
        Set<String> members = new HashSet<>();
        Random random = new Random(7);
        for (int i = 0; i < 50_000; i++) {
            String id = random.nextInt(4) == 0 ? collidingId(random.nextInt(1_200)) : Integer.toString(random.nextInt(2_000));
            boolean expected = !members.contains(id);
            assertEquals(expected, filter.firstTime(KeyedIdentity.of("/s", id)), "offer " + i + " of " + id);
            if (expected) {
                window.addLast(id);
                members.add(id);
                if (window.size() > capacity) {
                    members.remove(window.removeFirst());
                }
            }
        }
    }

    /** Strings of "Aa" and "BB" blocks: every such string of ten blocks has the same hash code. */
    private static String collidingId(int bits) {
        StringBuilder id = new StringBuilder();
        for (int block = 0; block < 10; block++) {
            id.append((bits >> block & 1) == 0 ? "Aa" : "BB");
        }
        return id.toString();
    }
}
