package dev.pipeline.tools.bench;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import org.HdrHistogram.Recorder;

import dev.pipeline.tools.Percentiles;
import dev.pipeline.tools.load.IngestClient;
import dev.pipeline.tools.load.PacedSender;
import dev.pipeline.tools.load.RunEvents;
import dev.pipeline.tools.load.SseSubscriber;

/**
 * Fan-out: {@code subscribers} partners read the stream while events are posted at a fixed rate; measures delivery
 * lag (receipt minus the event's {@code ingesttime}) and end to end latency (receipt minus the producer's send) of
 * the events sent after a settling period at the same rate, so that what is measured is the steady state: not the
 * feed's code paths compiling on their first events, nor a switch of the router to Kafka just before.
 */
public final class SseFanout {

    /** The status of a run that carried the whole load. */
    public static final String MEASURED = "MEASURED";

    /** What the subscribers saw. */
    public record Result(int subscribers, int connected, double ratePerSecond, long sent, long received,
                         long expected, Percentiles deliveryLag, Percentiles endToEnd, Percentiles ack) {

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

    private static final int CLIENTS = 4;

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
        Map<String, Long> sentAt = new ConcurrentHashMap<>();
        String marker = "\"source\":\"" + events.source() + "\"";
        // the phase's own keys, subscribed to by subject prefix as a partner filters its feed: events still being
        // released from earlier phases' backlog must not reach (and cut off as slow) the measuring subscribers
        String keyPrefix = events.runId() + "/";
        URI phaseStream = URI.create(stream + "?subjectPrefix=" + URLEncoder.encode(keyPrefix, StandardCharsets.UTF_8));
        List<HttpClient> clients = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            clients.add(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .executor(Executors.newFixedThreadPool(2, daemon("sse-client-" + c))).build());
        }
        List<SseSubscriber> partners = new ArrayList<>();
        for (int s = 0; s < subscribers; s++) {
            partners.add(new SseSubscriber(clients.get(s % CLIENTS), phaseStream, partnerToken, (id, type, data, at) -> {
                if (!data.contains(marker)) {
                    return;
                }
                long nowMicros = micros(Instant.now());
                received.incrementAndGet();
                ingestTime(data).filter(ingested -> ingested >= measureFromMicros.get())
                        .ifPresent(ingested -> lagMicros.recordValue(Math.max(0, nowMicros - ingested)));
                Long sent = sentAt.get(eventId(data));
                if (sent != null && sent >= measureFromNanos.get()) {
                    e2eMicros.recordValue(Math.max(0, (at - sent) / 1_000));
                }
            }).start());
        }
        try {
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (partners.stream().filter(SseSubscriber::connected).count() < subscribers && System.nanoTime() < deadline) {
                LockSupport.parkNanos(Duration.ofMillis(200).toNanos());
            }
            int connected = (int) partners.stream().filter(SseSubscriber::connected).count();
            PacedSender sender = new PacedSender(publisher, n -> {
                String key = keyPrefix + (n % 100);
                sentAt.put(events.id(key, n), System.nanoTime());
                return events.json(key, n);
            }, ratePerSecond, batchSize, Math.max(4, (int) Math.min(64, ratePerSecond / batchSize / 50)));
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
            return new Result(subscribers, connected, ratePerSecond, sender.acked() + sender.failed(), received.get(),
                    expected, Percentiles.of(lagMicros.getIntervalHistogram()),
                    Percentiles.of(e2eMicros.getIntervalHistogram()), Percentiles.of(sender.ackMicros().getIntervalHistogram()));
        } finally {
            partners.forEach(SseSubscriber::close);
        }
    }

    private static java.util.Optional<Long> ingestTime(String data) {
        int at = data.indexOf("\"ingesttime\":\"");
        if (at < 0) {
            return java.util.Optional.empty();
        }
        int from = at + "\"ingesttime\":\"".length();
        return java.util.Optional.of(micros(Instant.parse(data.substring(from, data.indexOf('"', from)))));
    }

    private static String eventId(String data) {
        int from = data.indexOf("\"id\":\"") + "\"id\":\"".length();
        return data.substring(from, data.indexOf('"', from));
    }

    private static long micros(Instant instant) {
        return instant.getEpochSecond() * 1_000_000 + instant.getNano() / 1_000;
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
