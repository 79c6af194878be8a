package dev.pipeline.router.routing;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Runs writes so that two writes sharing a partition key happen one after the other, in the order they
 * arrived: a later write of a key starts only once every earlier write of that key has finished (stored, or
 * failed for good). Writes of different keys run concurrently. Every registered write runs on its caller's
 * thread, so waiting chains always make progress.
 */
public final class KeyedSequencer {

    /** The part of a write that must not overlap with earlier writes of the same keys. */
    @FunctionalInterface
    public interface Work<T, E extends Exception> {
        T run() throws E;
    }

    private final Map<String, CompletableFuture<Void>> tails = new HashMap<>();

    /** Runs {@code work} after all earlier work on any of {@code keys} has finished. */
    public <T, E extends Exception> T inOrder(Set<String> keys, Work<T, E> work) throws E {
        CompletableFuture<Void> done = new CompletableFuture<>();
        List<CompletableFuture<Void>> earlier = new ArrayList<>();
        synchronized (tails) {
            for (String key : keys) {
                CompletableFuture<Void> previous = tails.put(key, done);
                if (previous != null) {
                    earlier.add(previous);
                }
            }
        }
        try {
            CompletableFuture.allOf(earlier.toArray(CompletableFuture[]::new)).join();
            return work.run();
        } finally {
            done.complete(null);
            synchronized (tails) {
                keys.forEach(key -> tails.remove(key, done));
            }
        }
    }

    /** The distinct keys of a write, in order. */
    public static Set<String> keysOf(List<String> keys) {
        return new LinkedHashSet<>(keys);
    }
}
