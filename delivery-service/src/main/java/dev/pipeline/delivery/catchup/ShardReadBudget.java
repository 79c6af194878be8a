package dev.pipeline.delivery.catchup;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.pipeline.delivery.kinesis.ReadBudget;

/**
 * The share of Kinesis' per-shard read limits that all catch-up reads of this replica use together: a token bucket of
 * GetRecords calls and one of bytes per shard, each refilled at its rate and holding at most a second's worth. A call
 * waits for a call token and for the byte bucket to be out of debt (a call's size is known only once it returned).
 */
public final class ShardReadBudget implements ReadBudget {

    private final double callsPerSecond;
    private final double bytesPerSecond;
    private final Map<String, Bucket> shards = new ConcurrentHashMap<>();

    private final class Bucket {
        private double calls = callsPerSecond;
        private double bytes = bytesPerSecond;
        private long refilledAt = System.nanoTime();

        /** Takes a call token if one is there and the bytes are not in debt; else how long to wait, in ms. */
        synchronized long tryTake() {
            long now = System.nanoTime();
            double seconds = (now - refilledAt) / 1e9;
            refilledAt = now;
            calls = Math.min(callsPerSecond, calls + seconds * callsPerSecond);
            bytes = Math.min(bytesPerSecond, bytes + seconds * bytesPerSecond);
            if (calls >= 1 && bytes >= 0) {
                calls -= 1;
                return 0;
            }
            double waitCalls = calls >= 1 ? 0 : (1 - calls) / callsPerSecond;
            double waitBytes = bytes >= 0 ? 0 : -bytes / bytesPerSecond;
            return Math.max(1, (long) Math.ceil(Math.max(waitCalls, waitBytes) * 1000));
        }

        synchronized void spend(long read) {
            bytes -= read;
        }
    }

    public ShardReadBudget(int callsPerSecond, long bytesPerSecond) {
        this.callsPerSecond = callsPerSecond;
        this.bytesPerSecond = bytesPerSecond;
    }

    @Override
    public void beforeCall(String shardId) throws InterruptedException {
        Bucket bucket = shards.computeIfAbsent(shardId, id -> new Bucket());
        for (long wait = bucket.tryTake(); wait > 0; wait = bucket.tryTake()) {
            Thread.sleep(wait); // pacing to a rate, not waiting for a condition
        }
    }

    @Override
    public void read(String shardId, long bytes) {
        shards.computeIfAbsent(shardId, id -> new Bucket()).spend(bytes);
    }
}
