package dev.pipeline.tools.load;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongFunction;

import org.HdrHistogram.Recorder;

/**
 * An open-loop load generator: {@code threads} senders together post single events at a fixed total rate (a sender
 * that falls behind catches up without pause), recording each request's acknowledgement latency in microseconds.
 */
public final class PacedSender {

    private final IngestClient ingest;
    private final LongFunction<String> eventJson;
    private final double ratePerSecond;
    private final int threads;
    private final Recorder ackMicros = new Recorder(3);
    private final AtomicLong acked = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final List<Thread> running = new ArrayList<>();
    private volatile boolean stopped;

    /** {@code eventJson} makes the n-th event of the run. */
    public PacedSender(IngestClient ingest, LongFunction<String> eventJson, double ratePerSecond, int threads) {
        this.ingest = ingest;
        this.eventJson = eventJson;
        this.ratePerSecond = ratePerSecond;
        this.threads = threads;
    }

    public void start() {
        long start = System.nanoTime();
        long intervalNanos = (long) (threads * 1e9 / ratePerSecond);
        for (int t = 0; t < threads; t++) {
            int lane = t;
            Thread thread = new Thread(() -> {
                for (long n = 0; !stopped; n++) {
                    LockSupport.parkNanos(start + lane * intervalNanos / threads + n * intervalNanos - System.nanoTime());
                    long sentAt = System.nanoTime();
                    if (ingest.send(eventJson.apply(n * threads + lane)).accepted()) {
                        ackMicros.recordValue((System.nanoTime() - sentAt) / 1_000);
                        acked.incrementAndGet();
                    } else {
                        failed.incrementAndGet();
                    }
                }
            }, "paced-sender-" + t);
            thread.setDaemon(true);
            running.add(thread);
            thread.start();
        }
    }

    public void stop() throws InterruptedException {
        stopped = true;
        for (Thread thread : running) {
            thread.join();
        }
    }

    public Recorder ackMicros() {
        return ackMicros;
    }

    public long acked() {
        return acked.get();
    }

    public long failed() {
        return failed.get();
    }
}
