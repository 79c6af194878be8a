package dev.pipeline.tools.bench;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pausing a process named by the stack's delivery.pid, with a stand-in process (Linux: its state from /proc). */
class DeliveryPauseTest {

    @TempDir
    Path state;

    private Process standIn;

    @BeforeEach
    void startStandIn() throws IOException {
        standIn = new ProcessBuilder("sleep", "60").start();
    }

    @AfterEach
    void stopStandIn() {
        standIn.destroyForcibly();
    }

    @Test
    void suspendsTheProcessUntilClosed() throws IOException {
        Files.writeString(state.resolve("delivery.pid"), Long.toString(standIn.pid()));
        try (DeliveryPause paused = DeliveryPause.pause(state)) {
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertEquals('T', processState()));
        }
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertEquals('S', processState()));
    }

    @Test
    void withoutAPidFileThereIsNothingToPause() {
        assertNull(DeliveryPause.pause(state));
    }

    /** The state letter in /proc/PID/stat: S sleeping, T stopped. */
    private char processState() throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(standIn.pid()), "stat"));
        return stat.charAt(stat.lastIndexOf(')') + 2);
    }
}
