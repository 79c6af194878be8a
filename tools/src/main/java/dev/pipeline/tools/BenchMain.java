package dev.pipeline.tools;

import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.pipeline.envelope.EventStreams;
import dev.pipeline.tools.bench.CatchUpReplay;
import dev.pipeline.tools.bench.DeliveryCatchUp;
import dev.pipeline.tools.bench.DeliveryPause;
import dev.pipeline.tools.bench.IngestThroughput;
import dev.pipeline.tools.bench.KafkaProducerBaseline;
import dev.pipeline.tools.bench.KinesisPathLatency;
import dev.pipeline.tools.bench.Machine;
import dev.pipeline.tools.bench.NchanPeer;
import dev.pipeline.tools.bench.ProcessCpu;
import dev.pipeline.tools.bench.SseFanout;
import dev.pipeline.tools.drill.ProcessControl;
import dev.pipeline.tools.load.IngestClient;
import dev.pipeline.tools.load.RunEvents;

/**
 * {@code bin/pipeline bench}: with the router pinned to Kafka, Kafka's own producer tool as the baseline, then
 * ingest→router→Kafka throughput at batch sizes 1 and 100 (delivery paused, as no consumer reads beside the
 * baseline) and at 100 again with delivery reading, end-to-end latency at a fixed rate, the same with the router back on
 * Kinesis ({@link KinesisPathLatency}), SSE fan-out (delivery's CPU time
 * per frame, and the same harness against nginx + nchan), and a partner replaying stored events from the streams
 * against Kafka's own consumer; prints one JSON line.
 */
public final class BenchMain {

    private static final Set<String> OPTIONS = Set.of("duration", "connections", "kafka-records", "e2e-rate", "e2e-batch",
            "subscribers", "fanout-rate", "skip", "warmup", "settle", "catchup-events", "nchan-port", "kinesis-rate",
            "kinesis-batch");
    private static final String USAGE = "usage: bin/pipeline bench [--duration 15s] [--warmup 120s] [--settle 5s]"
            + " [--connections 16] [--kafka-records 1000000] [--e2e-rate 2000] [--e2e-batch 20] [--subscribers 1000]"
            + " [--fanout-rate 100] [--nchan-port 8089] [--catchup-events 1000000] [--kinesis-rate 200] [--kinesis-batch 10]"
            + " [--skip kafka,batch1,batch100,with-delivery,e2e,kinesis-e2e,fanout,nchan,catchup]\n"
            + "(defaults shown; durations as 500ms, 20s or 2m; docs/drill-and-bench.md)";

    private static final Duration WARMUP_ROUND = Duration.ofSeconds(5);
    /** The fan-out warm-up: long enough for delivery's fan-out paths to compile on two busy cores. */
    private static final Duration FANOUT_WARMUP = Duration.ofSeconds(20);

    /** About 70 s: a warm-up of 4 rounds stopped on a plateau (8.5k, 8.6k events/s) well short of the peak. */
    private static final int MIN_WARMUP_ROUNDS = 12;
    private static final double STEADY = 0.05;

    private BenchMain() {
    }

    public static void main(String[] args) throws Exception {
        Options options = Options.parseOrExit(args, OPTIONS, USAGE);
        Duration duration = options.duration("duration", Duration.ofSeconds(15));
        Duration warmup = options.duration("warmup", Duration.ofSeconds(120));
        int connections = options.integer("connections", 16);
        Duration settle = options.duration("settle", Duration.ofSeconds(5));
        Set<String> skip = Set.of(options.string("skip", "").split(","));
        LocalStack stack = LocalStack.fromEnvironment();
        stack.ensureUp();
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2)).build();
        IngestClient ingest = new IngestClient(http, stack.ingestUrl(), stack.producerKey(), Duration.ofSeconds(10));
        RoutingClient routing = new RoutingClient(http, stack.routerUrl());
        String run = UUID.randomUUID().toString().substring(0, 8);
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("machine", Machine.describe());
        line.put("record_bytes", RunEvents.TARGET_BYTES);

        KafkaProducerBaseline.Result baseline = null;
        if (!skip.contains("kafka")) {
            System.err.println("baseline: Kafka ProducerPerformance...");
            baseline = KafkaProducerBaseline.run(System.getenv().getOrDefault("PIPELINE_KAFKA_BOOTSTRAP", "localhost:9092"),
                    "bench-baseline", EventStreams.KAFKA_PARTITIONS, options.integer("kafka-records", 1_000_000),
                    RunEvents.TARGET_BYTES);
            line.put("kafka_producer_events_per_s", round(baseline.recordsPerSecond()));
            line.put("kafka_producer_p50_ms", baseline.p50Ms());
            line.put("kafka_producer_p99_ms", baseline.p99Ms());
        }
        routing.override("kafka", stack.adminToken());
        try {
            if (!warmup.isZero()) {
                warmUp(ingest, run, connections, warmup);
            }
            if (!skip.contains("batch1") || !skip.contains("batch100")) {
                try (DeliveryPause paused = DeliveryPause.pause(stack.state())) {
                    line.put("delivery_paused_during_throughput", paused != null);
                    if (paused == null) {
                        System.err.println("no local delivery to pause: throughput is measured with it reading beside");
                    }
                    for (int batch : new int[] {1, 100}) {
                        if (!skip.contains("batch" + batch)) {
                            throughput(ingest, run, batch, connections, duration, baseline, line, "batch" + batch);
                        }
                    }
                }
            }
            if (!skip.contains("with-delivery")) {
                // reading beside the load, not draining what the paused phases left
                awaitDeliveryCaughtUp(http, stack);
                System.err.print("with delivery reading every event beside it: ");
                throughput(ingest, run, 100, connections, duration, baseline, line, "batch100_with_delivery");
            }
            if (line.containsKey("batch100_ratio_vs_kafka_producer")) {
                line.put("ratio_vs_kafka_producer", line.get("batch100_ratio_vs_kafka_producer"));
            }
            if (!skip.contains("e2e") || !skip.contains("fanout")) {
                awaitDeliveryCaughtUp(http, stack);
            }
            if (!skip.contains("e2e")) {
                double rate = options.decimal("e2e-rate", 2000);
                // a producer at thousands of events per second batches them, as Kafka's own producer does
                int batch = options.integer("e2e-batch", 20);
                System.err.printf("end to end: %.0f events/s in batches of %d, 1 subscriber, %d s settling, %d s...%n", rate,
                        batch, settle.toSeconds(), duration.toSeconds());
                SseFanout.Result e2e = SseFanout.run(ingest, stack.streamUrl(), stack.partnerToken(),
                        new RunEvents("bench-" + run + "-e2e"), 1, rate, batch, settle, duration);
                line.put("e2e_rate", rate);
                line.put("e2e_batch", batch);
                line.put("e2e_sent", e2e.sent());
                line.put("e2e_received", e2e.received());
                line.put("e2e_ack_p99_ms", e2e.ack().p99Ms());
                e2e.endToEnd().putInto(line, "e2e_");
            }
            if (!skip.contains("kinesis-e2e")) {
                kinesisEndToEnd(options, stack, routing, ingest, run, settle, duration, line);
                routing.override("kafka", stack.adminToken());
            }
            if (!skip.contains("fanout")) {
                fanOut(options, stack, ingest, run, settle, duration, !warmup.isZero(), skip.contains("nchan"), line);
            }
            if (!skip.contains("catchup")) {
                CatchUpReplay.Result catchUp = CatchUpReplay.run(
                        System.getenv().getOrDefault("PIPELINE_KAFKA_BOOTSTRAP", "localhost:9092"), EventStreams.KAFKA_TOPIC,
                        http, stack.streamUrl(), stack.deliveryUrl(), deliveryPid(stack), stack.partnerToken(),
                        new RunEvents("bench-" + run + "-catchup"), options.integer("catchup-events", 1_000_000),
                        Duration.ofMinutes(10));
                line.put("catchup_events", catchUp.events());
                line.put("catchup_received", catchUp.received());
                line.put("catchup_status", !catchUp.settled() ? "INVALID: delivery's live feed did not settle before the reads"
                        : !catchUp.complete() ? "INVALID: the partner did not get every event"
                        : !catchUp.fromStreams() ? "INVALID: served from delivery's memory, not a catch-up read" : "MEASURED");
                line.put("catchup_events_per_s", round(catchUp.eventsPerSecond()));
                line.put("catchup_first_event_ms", catchUp.firstEventMillis());
                line.put("kafka_consumer_events_per_s", round(catchUp.consumerEventsPerSecond()));
                line.put("catchup_ratio_vs_kafka_consumer", Math.round(catchUp.ratio() * 1000) / 1000.0);
                line.put("catchup_delivery_peak_heap_mb", catchUp.peakHeapBytes() / (1024 * 1024));
                line.put("catchup_delivery_cpu_us_per_event", Double.isNaN(catchUp.deliveryCpuMicrosPerEvent()) ? null
                        : round(catchUp.deliveryCpuMicrosPerEvent()));
            }
        } finally {
            routing.override("auto", stack.adminToken());
        }
        System.out.println(new ObjectMapper().writeValueAsString(line));
        System.exit(0);
    }

    /**
     * End-to-end latency of one partner with the router writing to Kinesis; a producer at hundreds of events per second
     * sends them in small batches, so the emulator sees tens of PutRecords calls per second (it browns out past ~100).
     */
    private static void kinesisEndToEnd(Options options, LocalStack stack, RoutingClient routing, IngestClient ingest,
                                        String run, Duration settle, Duration duration, Map<String, Object> line)
            throws InterruptedException {
        double rate = options.decimal("kinesis-rate", 200);
        int batch = options.integer("kinesis-batch", 10);
        System.err.printf("end to end on the Kinesis path: %.0f events/s in batches of %d, 1 subscriber, %d s settling, %d s...%n",
                rate, batch, settle.toSeconds(), duration.toSeconds());
        KinesisPathLatency.Result result = KinesisPathLatency.run(routing, stack.adminToken(), ingest, stack.streamUrl(),
                stack.partnerToken(), new RunEvents("bench-" + run + "-kinesis"), rate, batch, settle, duration);
        line.put("kinesis_e2e_rate", rate);
        line.put("kinesis_e2e_batch", batch);
        line.put("kinesis_e2e_status", result.status());
        if (result.latency() != null) {
            line.put("kinesis_e2e_sent", result.latency().sent());
            line.put("kinesis_e2e_received", result.latency().received());
            result.latency().ack().putInto(line, "kinesis_e2e_ack_");
            result.latency().endToEnd().putInto(line, "kinesis_e2e_");
        }
    }

    /**
     * Fan-out through the stack, with delivery's CPU time per delivered frame from /proc, then the same harness, rate,
     * subscribers and message bytes against nginx + nchan started for it; the figures go into {@code line}.
     */
    /** The local stack's delivery process, or -1 when there is none (its CPU time is then left out). */
    private static long deliveryPid(LocalStack stack) {
        Path pidFile = stack.state().resolve("delivery.pid");
        return Files.isRegularFile(pidFile) ? ProcessControl.pid(pidFile) : -1;
    }

    private static void fanOut(Options options, LocalStack stack, IngestClient ingest, String run, Duration settle,
                               Duration duration, boolean warm, boolean skipNchan, Map<String, Object> line)
            throws Exception {
        int subscribers = options.integer("subscribers", 1000);
        double rate = options.decimal("fanout-rate", 100);
        if (warm) {
            // delivery's fan-out code compiles under this load, not under the measured one: cold, it falls behind
            // and a run of seconds does not get it back
            System.err.printf("fan-out warm-up: %d subscribers, %.0f events/s, %d s (not measured)...%n", subscribers, rate,
                    FANOUT_WARMUP.toSeconds());
            SseFanout.run(ingest, stack.streamUrl(), stack.partnerToken(), new RunEvents("bench-" + run + "-fanout-warmup"),
                    subscribers, rate, 1, FANOUT_WARMUP, Duration.ofSeconds(1));
        }
        System.err.printf("fan-out: %d subscribers, %.0f events/s, %d s settling, %d s...%n", subscribers, rate,
                settle.toSeconds(), duration.toSeconds());
        long pid = deliveryPid(stack);
        OptionalLong cpuBefore = pid > 0 ? ProcessCpu.ticks(pid) : OptionalLong.empty();
        SseFanout.Result fanout = SseFanout.run(ingest, stack.streamUrl(), stack.partnerToken(),
                new RunEvents("bench-" + run + "-fanout"), subscribers, rate, 1, settle, duration);
        OptionalLong cpuAfter = pid > 0 ? ProcessCpu.ticks(pid) : OptionalLong.empty();
        line.put("fanout_subscribers", fanout.subscribers());
        line.put("fanout_connected", fanout.connected());
        line.put("fanout_rate", rate);
        line.put("fanout_received", fanout.received());
        line.put("fanout_expected", fanout.expected());
        line.put("fanout_reconnects", fanout.reconnects());
        String fanoutStatus = fanout.status(settle.plus(duration));
        line.put("fanout_status", fanoutStatus);
        fanout.deliveryLag().putInto(line, "delivery_lag_");
        fanout.ack().putInto(line, "fanout_ack_");
        if (cpuBefore.isPresent() && cpuAfter.isPresent()) {
            double perFrame = ProcessCpu.microsPerFrame(cpuBefore.getAsLong(), cpuAfter.getAsLong(), fanout.received());
            line.put("delivery_cpu_us_per_frame", Double.isNaN(perFrame) ? null : round(perFrame));
        } else {
            System.err.println("no local delivery process: its CPU time per frame is left out");
        }
        if (skipNchan) {
            return;
        }
        Optional<NchanPeer> started = NchanPeer.start(stack.state().resolve("nchan"), options.integer("nchan-port", 8089));
        if (started.isEmpty()) {
            line.put("nchan_status", "not installed: " + NchanPeer.INSTALL_HINT);
            return;
        }
        try (NchanPeer nchan = started.get()) {
            System.err.printf("fan-out against nginx + nchan: %d subscribers, %.0f events/s...%n", subscribers, rate);
            SseFanout.Result peer = SseFanout.run(nchan.publisher(), nchan.streamUrl(), stack.partnerToken(),
                    new RunEvents("bench-" + run + "-nchan"), subscribers, rate, 1, settle, duration);
            line.put("nchan_fanout_connected", peer.connected());
            line.put("nchan_fanout_received", peer.received());
            line.put("nchan_fanout_expected", peer.expected());
            line.put("nchan_fanout_reconnects", peer.reconnects());
            String nchanStatus = peer.status(settle.plus(duration));
            line.put("nchan_status", nchanStatus);
            peer.deliveryLag().putInto(line, "nchan_lag_");
            peer.ack().putInto(line, "nchan_publish_");
            // a ratio only between two complete fan-outs: fewer subscribers or events is a lighter load
            boolean comparable = fanoutStatus.equals(SseFanout.MEASURED) && nchanStatus.equals(SseFanout.MEASURED)
                    && peer.deliveryLag().p99Ms() > 0;
            line.put("fanout_lag_p99_ratio_vs_nchan",
                    comparable ? ratio(fanout.deliveryLag().p99Ms(), peer.deliveryLag().p99Ms()) : null);
        }
    }

    private static void awaitDeliveryCaughtUp(HttpClient http, LocalStack stack) throws InterruptedException {
        System.err.println("waiting for delivery to read the backlog of the throughput phases...");
        if (!DeliveryCatchUp.await(http, stack.deliveryUrl(), Duration.ofMinutes(5))) {
            System.err.println("delivery still behind after 5 minutes; what follows includes its backlog");
        }
    }

    /** One measured ingest→router→Kafka phase; its figures go into {@code line}, prefixed with the phase's name. */
    private static void throughput(IngestClient ingest, String run, int batch, int connections, Duration duration,
                                   KafkaProducerBaseline.Result baseline, Map<String, Object> line, String phase)
            throws InterruptedException {
        String prefix = phase + "_";
        int concurrency = batch == 1 ? connections : Math.max(1, connections / 2);
        System.err.printf("ingest->router->Kafka: batch %d, %d connections, %d s...%n", batch, concurrency,
                duration.toSeconds());
        IngestThroughput.Result result = IngestThroughput.run(ingest, new RunEvents("bench-" + run + "-" + phase),
                batch, concurrency, duration);
        line.put(prefix + "events_per_s", round(result.eventsPerSecond()));
        result.ack().putInto(line, prefix + "ack_");
        line.put(prefix + "failed_requests", result.failedRequests());
        if (baseline != null) {
            line.put(prefix + "ratio_vs_kafka_producer", ratio(result.eventsPerSecond(), baseline.recordsPerSecond()));
        }
    }

    /**
     * Runs the ingest→router→Kafka load unmeasured in rounds until throughput is steady (a round within
     * {@link #STEADY} of the one before, after at least {@link #MIN_WARMUP_ROUNDS}), for at most {@code limit}: what
     * is measured is then the services' compiled code, not their JIT compilers, which on 2 cores take minutes.
     */
    private static void warmUp(IngestClient ingest, String run, int connections, Duration limit)
            throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        double previous = 0;
        for (int round = 1; System.nanoTime() < deadline; round++) {
            IngestThroughput.run(ingest, new RunEvents("bench-" + run + "-warmup"), 1, connections, WARMUP_ROUND.dividedBy(5));
            double rate = IngestThroughput.run(ingest, new RunEvents("bench-" + run + "-warmup"), 100,
                    Math.max(1, connections / 2), WARMUP_ROUND).eventsPerSecond();
            System.err.printf("warm-up round %d: %.0f events/s at batch 100 (not measured)%n", round, rate);
            if (round >= MIN_WARMUP_ROUNDS && Math.abs(rate - previous) <= STEADY * previous) {
                return;
            }
            previous = rate;
        }
        System.err.println("warm-up limit reached before throughput was steady");
    }

    private static double round(double value) {
        return Math.round(value * 10) / 10.0;
    }

    private static double ratio(double value, double baseline) {
        return Math.round(value / baseline * 1000) / 1000.0;
    }
}
