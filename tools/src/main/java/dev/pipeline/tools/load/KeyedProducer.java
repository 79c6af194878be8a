package dev.pipeline.tools.load;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import dev.pipeline.tools.drill.AckedEvent;

/**
 * The drill's load generator: one thread per key sends that key's events in sequence, each only after the previous
 * one was acknowledged, resending the same event (same id) on 503, 429 or an I/O error until it is acknowledged;
 * all keys together are paced to the total rate.
 */
public final class KeyedProducer {

    private static final long MAX_BACKOFF_MS = 500;

    private final IngestClient ingest;
    private final RunEvents events;
    private final int keys;
    private final double ratePerSecond;
    private final ConcurrentLinkedQueue<AckedEvent> acked = new ConcurrentLinkedQueue<>();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private final AtomicLong ioErrors = new AtomicLong();
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean stopSending;
    private volatile long giveUpAtNanos = Long.MAX_VALUE;

    public KeyedProducer(IngestClient ingest, RunEvents events, int keys, double ratePerSecond) {
        this.ingest = ingest;
        this.events = events;
        this.keys = keys;
        this.ratePerSecond = ratePerSecond;
    }

    /** Starts one sending thread per key. */
    public void start() {
        long start = System.nanoTime();
        long intervalNanos = (long) (keys * 1e9 / ratePerSecond);
        for (int k = 0; k < keys; k++) {
            String key = String.format("k%03d", k);
            long offset = intervalNanos * k / keys;
            Thread thread = new Thread(() -> run(key, start + offset, intervalNanos), "producer-" + key);
            thread.setDaemon(true);
            threads.add(thread);
            thread.start();
        }
    }

    /** Stops starting new events; an event in flight is still resent until acknowledged or {@code grace} passed. */
    public void stop(Duration grace) {
        giveUpAtNanos = System.nanoTime() + grace.toNanos();
        stopSending = true;
        for (Thread thread : threads) {
            try {
                thread.join(grace.toMillis() + 5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    public List<AckedEvent> acked() {
        return List.copyOf(acked);
    }

    public long sent() {
        return sent.get();
    }

    /** Answers other than 202 (503, 429, ...). */
    public long rejected() {
        return rejected.get();
    }

    public long ioErrors() {
        return ioErrors.get();
    }

    private void run(String key, long firstDue, long intervalNanos) {
        for (long seq = 0; !stopSending; seq++) {
            LockSupport.parkNanos(firstDue + seq * intervalNanos - System.nanoTime());
            if (stopSending) {
                return;
            }
            sent.incrementAndGet();
            if (!sendUntilAcked(key, seq)) {
                return;
            }
        }
    }

    private boolean sendUntilAcked(String key, long seq) {
        String json = events.json(key, seq);
        long sentAt = System.nanoTime();
        for (int attempt = 1; System.nanoTime() < giveUpAtNanos; attempt++) {
            IngestClient.Answer answer = ingest.send(json);
            if (answer.accepted()) {
                acked.add(new AckedEvent(key, seq, events.id(key, seq), sentAt, System.nanoTime()));
                return true;
            }
            if (answer.status() == 0) {
                ioErrors.incrementAndGet();
            } else {
                rejected.incrementAndGet();
            }
            // a producer honours Retry-After but need not wait longer than a short backoff before its next try
            long backoff = Math.min(MAX_BACKOFF_MS, 25L << Math.min(attempt, 5));
            long pause = answer.retryAfterMillis() > 0 ? Math.min(answer.retryAfterMillis(), backoff) : backoff;
            LockSupport.parkNanos(pause * 1_000_000);
        }
        return false;
    }
}
