package dev.pipeline.tools.bench;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.locks.LockSupport;

import dev.pipeline.tools.RoutingClient;
import dev.pipeline.tools.load.IngestClient;
import dev.pipeline.tools.load.RunEvents;

/**
 * The bench's Kinesis-path phase: partner end-to-end latency while the router writes to Kinesis, as it does normally.
 * The router is put back on its health-driven routing and must be writing to Kinesis before the load starts and have
 * made no transition by its end; a run in which it failed over (the emulator stalling under the load) measured the
 * Kafka path for part of the time and is INVALID.
 */
public final class KinesisPathLatency {

    /** The figures and, when they are not what the phase intends, why ({@code status} is then "INVALID: ..."). */
    public record Result(String status, SseFanout.Result latency) {
    }

    private static final Duration ON_KINESIS_WITHIN = Duration.ofMinutes(1);

    private KinesisPathLatency() {
    }

    public static Result run(RoutingClient routing, String adminToken, IngestClient ingest, URI stream,
                             String partnerToken, RunEvents events, double rate, int batch, Duration settle,
                             Duration duration) throws InterruptedException {
        routing.override("auto", adminToken, "bench: the Kinesis path");
        if (!awaitKinesis(routing)) {
            return new Result("INVALID: the router was not writing to Kinesis within " + ON_KINESIS_WITHIN.toSeconds()
                    + " s (state " + routing.state().orElse("unknown") + ")", null);
        }
        Instant loadStarted = Instant.now();
        SseFanout.Result latency = SseFanout.run(ingest, stream, partnerToken, events, 1, rate, batch, settle, duration);
        long transitions = routing.transitions().stream().filter(t -> t.time().isAfter(loadStarted)).count();
        return new Result(status(transitions, latency, settle.plus(duration)), latency);
    }

    /** MEASURED when the router made no transition during the load and the load itself was carried whole. */
    static String status(long transitions, SseFanout.Result latency, Duration load) {
        if (transitions != 0) {
            return "INVALID: the router changed state " + transitions
                    + " times during the load (the emulator stalled): part of it took the Kafka path";
        }
        return latency.status(load);
    }

    private static boolean awaitKinesis(RoutingClient routing) {
        long deadline = System.nanoTime() + ON_KINESIS_WITHIN.toNanos();
        while (System.nanoTime() < deadline) {
            if (routing.state().filter("PRIMARY"::equals).isPresent()
                    && routing.target().filter("kinesis"::equals).isPresent()) {
                return true;
            }
            LockSupport.parkNanos(Duration.ofMillis(250).toNanos());
        }
        return false;
    }
}
