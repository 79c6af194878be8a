package dev.pipeline.tools.bench;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;

import org.HdrHistogram.Recorder;

import dev.pipeline.tools.Percentiles;
import dev.pipeline.tools.load.IngestClient;
import dev.pipeline.tools.load.PacedSender;
import dev.pipeline.tools.load.RunEvents;
import dev.pipeline.tools.load.SsePartners;

/**
 * Fan-out: {@code subscribers} partners read the stream while events are posted at a fixed rate; measures delivery
 * lag (receipt minus the event's {@code ingesttime}) and end to end latency (receipt minus the producer's send) of
 * the events sent after a settling period at the same rate, so that what is measured is the steady state: not the
 * feed's code paths compiling on their first events, nor a switch of the router to Kafka just before.
 */
public final class SseFanout {

    /** The status of a run that carried the whole load. */
    public static final String MEASURED = "MEASURED";

    /** What the subscribers saw; {@code reconnects} counts streams reopened after one ended (a cut-off partner's). */
    public record Result(int subscribers, int connected, long reconnects, double ratePerSecond, long sent,
                         long received, long expected, Percentiles deliveryLag, Percentiles endToEnd, Percentiles ack) {

        /**
         * MEASURED when the publisher kept the rate over {@code load} (95% of the events due were sent), every
         * subscriber connected and received every event; else INVALID with what was missing.
         */
        public String status(Duration load) {
            long due = (long) (ratePerSecond * load.toMillis() / 1000);
            if (sent < due * 0.95) {
                return "INVALID: " + sent + " of " + due + " events published (the publisher did not keep the rate)";
            }
            if (connected < subscribers) {
                return "INVALID: " + connected + " of " + subscribers + " subscribers connected";
            }
            if (received < expected) {
                return "INVALID: " + received + " of " + expected + " events received";
            }
            return MEASURED;
        }
    }

    /**
     * Requests in flight at once: nchan answers a publish once it has written the message to every subscriber (tens
     * of ms with a thousand), so fewer lanes would hold its publisher below the rate.
     */
    private static final int PUBLISHING_LANES = 16;
    /**
     * How often each of a crowd of partners reads what has arrived: the resolution of the fan-out figures, a small share
     * of the lags compared. A run with few partners reads as bytes arrive: its latencies are tens of ms.
     */
    private static final Duration CROWD_READ_ROUND = Duration.ofMillis(5);
    private static final int CROWD = 100;
    /** The partners' reading threads: one per core of this machine. */
    private static final int READING_THREADS = 2;

    private SseFanout() {
    }

    public static Result run(IngestClient ingest, URI stream, String partnerToken, RunEvents events, int subscribers,
                             double ratePerSecond, int batchSize, Duration settle, Duration duration)
            throws InterruptedException {
        return run(batch -> ingest.sendAll(batch).accepted(), stream, partnerToken, events, subscribers, ratePerSecond,
                batchSize, settle, duration);
    }

    /**
     * The same harness with events published by {@code publisher} (a peer server's publishing endpoint, stamping
     * {@code ingesttime} as ingest does) and read from {@code stream}: the figures compare like with like.
     */
    public static Result run(PacedSender.Publisher publisher, URI stream, String partnerToken, RunEvents events,
                             int subscribers, double ratePerSecond, int batchSize, Duration settle, Duration duration)
            throws InterruptedException {
        Recorder lagMicros = new Recorder(3);
        Recorder e2eMicros = new Recorder(3);
        // nothing is measured until the settling period has passed
        AtomicLong measureFromNanos = new AtomicLong(Long.MAX_VALUE);
        AtomicLong measureFromMicros = new AtomicLong(Long.MAX_VALUE);
        AtomicLong received = new AtomicLong();
        // when each event was sent, by its sequence number (events beyond the room are not timed end to end)
        AtomicLongArray sentAt = new AtomicLongArray((int) Math.min(Integer.MAX_VALUE - 8,
                2 * ratePerSecond * (settle.toSeconds() + duration.toSeconds() + 1) + 10_000));
        byte[] runIds = (events.runId() + "-").getBytes(StandardCharsets.UTF_8);
        // a frame's arrival on the wall clock, from the monotonic time its bytes were read at
        long wallMinusMonotonicMicros = micros(Instant.now()) - System.nanoTime() / 1_000;
        // the phase's own keys, subscribed to by subject prefix as a partner filters its feed: events still being
        // released from earlier phases' backlog must not reach (and cut off as slow) the measuring subscribers
        String keyPrefix = events.runId() + "/";
        URI phaseStream = URI.create(stream + "?subjectPrefix=" + URLEncoder.encode(keyPrefix, StandardCharsets.UTF_8));
        SsePartners.Listener measure = (data, length, at) -> {
            long sequence = FrameFields.idSequence(data, length, runIds);
            if (sequence < 0) {
                return;
            }
            received.incrementAndGet();
            long ingested = FrameFields.ingestTimeMicros(data, length);
            if (ingested >= measureFromMicros.get()) {
                lagMicros.recordValue(Math.max(0, wallMinusMonotonicMicros + at / 1_000 - ingested));
            }
            long sent = sequence < sentAt.length() ? sentAt.get((int) sequence) : 0;
            if (sent != 0 && sent >= measureFromNanos.get()) {
                e2eMicros.recordValue(Math.max(0, (at - sent) / 1_000));
            }
        };
        Duration readRound = subscribers >= CROWD ? CROWD_READ_ROUND : Duration.ZERO;
        SsePartners partners = SsePartners.open(phaseStream, partnerToken, subscribers, READING_THREADS, readRound,
                measure);
        try {
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (partners.connected() < subscribers && System.nanoTime() < deadline) {
                LockSupport.parkNanos(Duration.ofMillis(200).toNanos());
            }
            int connected = partners.connected();
            PacedSender sender = new PacedSender(publisher, n -> {
                String key = keyPrefix + (n % 100);
                if (n < sentAt.length()) {
                    sentAt.set((int) n, System.nanoTime());
                }
                return events.json(key, n);
            }, ratePerSecond, batchSize, PUBLISHING_LANES);
            sender.start();
            LockSupport.parkNanos(settle.toNanos());
            measureFromMicros.set(micros(Instant.now()));
            measureFromNanos.set(System.nanoTime());
            sender.ackMicros().reset();
            LockSupport.parkNanos(duration.toNanos());
            sender.stop();
            long expected = sender.acked() * connected;
            // give the feed time to deliver what was acknowledged (the merge holds events for its reorder allowance)
            long drainDeadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (received.get() < expected && System.nanoTime() < drainDeadline) {
                LockSupport.parkNanos(Duration.ofMillis(200).toNanos());
            }
            return new Result(subscribers, connected, partners.connects() - subscribers, ratePerSecond,
                    sender.acked() + sender.failed(), received.get(), expected, Percentiles.of(lagMicros.getIntervalHistogram()),
                    Percentiles.of(e2eMicros.getIntervalHistogram()), Percentiles.of(sender.ackMicros().getIntervalHistogram()));
        } finally {
            partners.close();
        }
    }

    private static long micros(Instant instant) {
        return instant.getEpochSecond() * 1_000_000 + instant.getNano() / 1_000;
    }
}
