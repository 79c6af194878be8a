package dev.pipeline.tools.load;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongFunction;

import org.HdrHistogram.Recorder;

/**
 * An open-loop load generator: {@code threads} senders together post events at a fixed total rate, one event per
 * request or {@code batchSize} per request as a producer batching its events does (a sender that falls behind
 * catches up without pause), recording each request's acknowledgement latency in microseconds.
 */
public final class PacedSender {

    /** Where the events go: ingest, or a peer server the bench compares with; true when the request was accepted. */
    @FunctionalInterface
    public interface Publisher {
        boolean publish(List<String> eventJsons);
    }

    private final Publisher ingest;
    private final LongFunction<String> eventJson;
    private final double ratePerSecond;
    private final int batchSize;
    private final int threads;
    private final Recorder ackMicros = new Recorder(3);
    private final AtomicLong acked = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final List<Thread> running = new ArrayList<>();
    private volatile boolean stopped;

    /** {@code eventJson} makes the n-th event of the run; {@code ratePerSecond} counts events, not requests. */
    public PacedSender(IngestClient ingest, LongFunction<String> eventJson, double ratePerSecond, int batchSize,
                       int threads) {
        this(batch -> ingest.sendAll(batch).accepted(), eventJson, ratePerSecond, batchSize, threads);
    }

    public PacedSender(Publisher publisher, LongFunction<String> eventJson, double ratePerSecond, int batchSize,
                       int threads) {
        this.ingest = publisher;
        this.eventJson = eventJson;
        this.ratePerSecond = ratePerSecond;
        this.batchSize = batchSize;
        this.threads = threads;
    }

    public void start() {
        long start = System.nanoTime();
        long intervalNanos = (long) (threads * batchSize * 1e9 / ratePerSecond);
        for (int t = 0; t < threads; t++) {
            int lane = t;
            Thread thread = new Thread(() -> {
                for (long n = 0; !stopped; n++) {
                    LockSupport.parkNanos(start + lane * intervalNanos / threads + n * intervalNanos - System.nanoTime());
                    long first = (n * threads + lane) * batchSize;
                    List<String> batch = new ArrayList<>(batchSize);
                    for (int i = 0; i < batchSize; i++) {
                        batch.add(eventJson.apply(first + i));
                    }
                    long sentAt = System.nanoTime();
                    if (ingest.publish(batch)) {
                        ackMicros.recordValue((System.nanoTime() - sentAt) / 1_000);
                        acked.addAndGet(batchSize);
                    } else {
                        failed.addAndGet(batchSize);
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

    /** Events acknowledged so far. */
    public long acked() {
        return acked.get();
    }

    /** Events in requests refused or failed so far. */
    public long failed() {
        return failed.get();
    }
}
