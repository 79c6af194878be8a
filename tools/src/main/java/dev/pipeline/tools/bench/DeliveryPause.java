package dev.pipeline.tools.bench;

import java.nio.file.Files;
import java.nio.file.Path;

import dev.pipeline.tools.drill.ProcessControl;

/**
 * Suspends the local delivery service (SIGSTOP) while the write path is measured, and resumes it (SIGCONT) on close
 * or, should the bench be stopped first, on exit. Delivery is not on the path ingest→router→Kafka, and Kafka's
 * producer tool, the baseline, runs with no consumer reading beside it; on a small machine delivery reading every
 * event would take a share of the same cores. Nothing is lost meanwhile: delivery reads the backlog once resumed.
 */
public final class DeliveryPause implements AutoCloseable {

    private final long pid;
    private final Thread resumeOnExit;

    private DeliveryPause(long pid) {
        this.pid = pid;
        this.resumeOnExit = new Thread(this::resume, "resume-delivery");
    }

    /** Pauses the delivery of the stack with state directory {@code state}; null if it has no PID file. */
    public static DeliveryPause pause(Path state) {
        Path pidFile = state.resolve("delivery.pid");
        if (!Files.isRegularFile(pidFile)) {
            return null;
        }
        DeliveryPause pause = new DeliveryPause(ProcessControl.pid(pidFile));
        Runtime.getRuntime().addShutdownHook(pause.resumeOnExit);
        ProcessControl.signal(pause.pid, "STOP");
        return pause;
    }

    @Override
    public void close() {
        resume();
        Runtime.getRuntime().removeShutdownHook(resumeOnExit);
    }

    private void resume() {
        ProcessControl.signal(pid, "CONT");
    }
}
