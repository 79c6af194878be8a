package dev.pipeline.delivery.merge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Comparator;
import java.util.Random;

import org.junit.jupiter.api.Test;

class SortKeyTest {

    @Test
    void timeComesFirstThenLaneThenPositionAsANumber() {
        assertTrue(new SortKey(1, "kinesis/shard-9", "99").compareTo(new SortKey(2, "kafka/0", "1")) < 0);
        assertTrue(new SortKey(5, "kafka/0", "99").compareTo(new SortKey(5, "kafka/1", "1")) < 0);
        assertTrue(new SortKey(5, "kafka/0", "9").compareTo(new SortKey(5, "kafka/0", "10")) < 0);
        assertTrue(new SortKey(5, "kinesis/s", "49590338271490256608559692538361571095921575989136588898")
                .compareTo(new SortKey(5, "kinesis/s", "49590338271490256608559692540925702759324208523137515618")) < 0);
        assertEquals(0, new SortKey(5, "kafka/0", "7").compareTo(new SortKey(5, "kafka/0", "7")));
        assertTrue(SortKey.floor(5).compareTo(new SortKey(5, "kafka/0", "0")) < 0);
        assertTrue(SortKey.floor(5).compareTo(new SortKey(4, "kafka/9", "9")) > 0);
    }

    @Test
    void agreesWithTheOrderSpelledOutAsComparators() {
        Comparator<String> numeric = Comparator.comparingInt(String::length).thenComparing(Comparator.naturalOrder());
        Comparator<SortKey> order = Comparator.comparingLong(SortKey::micros).thenComparing(SortKey::lane)
                .thenComparing(SortKey::position, numeric);
        Random random = new Random(7);
        for (int i = 0; i < 10_000; i++) {
            SortKey a = key(random);
            SortKey b = key(random);
            assertEquals(Integer.signum(order.compare(a, b)), Integer.signum(a.compareTo(b)), a + " vs " + b);
        }
    }

    private static SortKey key(Random random) {
        return new SortKey(random.nextInt(3), random.nextBoolean() ? "kafka/" + random.nextInt(3) : "kinesis/s",
                Long.toString(random.nextInt(3) == 0 ? random.nextInt(20) : random.nextLong() >>> 1));
    }
}
