package dev.pipeline.router.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

class KeyedSequencerTest {

    private final KeyedSequencer sequencer = new KeyedSequencer();

    @Test
    void aLaterWriteOfAKeyWaitsForTheEarlierOneEvenWhenThatOneIsSlow() throws Exception {
        List<String> order = new CopyOnWriteArrayList<>();
        CountDownLatch firstStarted = new CountDownLatch(1);
        CountDownLatch releaseFirst = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            Future<?> first = pool.submit(() -> sequencer.inOrder(Set.of("k"), () -> {
                firstStarted.countDown();
                releaseFirst.await();
                order.add("k-1");
                return null;
            }));
            assertTrue(firstStarted.await(5, TimeUnit.SECONDS));
            Future<?> second = pool.submit(() -> sequencer.inOrder(Set.of("k"), () -> order.add("k-2")));
            Future<?> other = pool.submit(() -> sequencer.inOrder(Set.of("other"), () -> order.add("other")));
            other.get(5, TimeUnit.SECONDS);
            assertEquals(List.of("other"), order, "another key is not held up; k-2 waits for k-1");
            releaseFirst.countDown();
            first.get(5, TimeUnit.SECONDS);
            second.get(5, TimeUnit.SECONDS);
            assertEquals(List.of("other", "k-1", "k-2"), order);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aFailedWriteReleasesItsKeys() throws Exception {
        try {
            sequencer.inOrder(Set.of("k"), () -> {
                throw new IllegalStateException("sink down");
            });
        } catch (IllegalStateException expected) {
            // the write failed; the next one must still run
        }
        assertEquals("ran", sequencer.inOrder(Set.of("k"), () -> "ran"));
    }
}
