package dev.pipeline.tools.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.HdrHistogram.Recorder;

import dev.pipeline.tools.Percentiles;
import dev.pipeline.tools.load.IngestClient;
import dev.pipeline.tools.load.RunEvents;

/**
 * Sustained throughput through ingest: {@code connections} closed-loop producers, each posting a request of
 * {@code batchSize} events as soon as the previous one was acknowledged, for {@code duration}.
 */
public final class IngestThroughput {

    /** Acknowledged events per second and per-request acknowledgement latency. */
    public record Result(int batchSize, int connections, double eventsPerSecond, long failedRequests, Percentiles ack) {
    }

    private static final int KEYS = 1000;

    private IngestThroughput() {
    }

    public static Result run(IngestClient ingest, RunEvents events, int batchSize, int connections, Duration duration)
            throws InterruptedException {
        Recorder ackMicros = new Recorder(3);
        AtomicLong acked = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        long deadline = System.nanoTime() + duration.toNanos();
        List<Thread> threads = new ArrayList<>();
        long start = System.nanoTime();
        for (int c = 0; c < connections; c++) {
            int lane = c;
            Thread thread = new Thread(() -> {
                for (long n = 0; System.nanoTime() < deadline; n++) {
                    List<String> batch = new ArrayList<>(batchSize);
                    for (int i = 0; i < batchSize; i++) {
                        long seq = (n * batchSize + i) * connections + lane;
                        batch.add(events.json("b" + batchSize + "k" + (seq % KEYS), seq));
                    }
                    long sentAt = System.nanoTime();
                    IngestClient.Answer answer = ingest.sendAll(batch);
                    if (answer.accepted()) {
                        ackMicros.recordValue((System.nanoTime() - sentAt) / 1_000);
                        acked.addAndGet(batchSize);
                    } else {
                        failed.incrementAndGet();
                    }
                }
            }, "throughput-" + c);
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return new Result(batchSize, connections, acked.get() / seconds, failed.get(),
                Percentiles.of(ackMicros.getIntervalHistogram()));
    }
}
