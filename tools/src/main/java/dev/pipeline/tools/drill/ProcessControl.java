package dev.pipeline.tools.drill;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Signals a process named by a PID file, and can start a killed one again exactly as it ran: the command line,
 * working directory and environment are read from /proc before the kill (Linux only).
 */
public final class ProcessControl {

    /** How a process ran: enough to start it again. */
    record Launch(List<String> command, Path workingDir, Map<String, String> environment) {
    }

    private ProcessControl() {
    }

    public static long pid(Path pidFile) {
        try {
            return Long.parseLong(Files.readString(pidFile).trim());
        } catch (IOException | NumberFormatException e) {
            throw new IllegalStateException("No usable PID in " + pidFile + ": is the stack up (bin/pipeline up)?", e);
        }
    }

    public static void signal(long pid, String signal) {
        try {
            int exit = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).inheritIO().start().waitFor();
            if (exit != 0) {
                throw new IllegalStateException("kill -" + signal + " " + pid + " exited with " + exit);
            }
        } catch (IOException e) {
            throw new IllegalStateException("Could not signal " + pid + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while signalling " + pid, e);
        }
    }

    /** Reads how {@code pid} was started. */
    static Launch launchOf(long pid) {
        try {
            Path proc = Path.of("/proc", Long.toString(pid));
            List<String> command = split(Files.readAllBytes(proc.resolve("cmdline")));
            Map<String, String> environment = new HashMap<>();
            for (String entry : split(Files.readAllBytes(proc.resolve("environ")))) {
                int eq = entry.indexOf('=');
                if (eq > 0) {
                    environment.put(entry.substring(0, eq), entry.substring(eq + 1));
                }
            }
            return new Launch(command, proc.resolve("cwd").toRealPath(), environment);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read /proc/" + pid + ": " + e.getMessage(), e);
        }
    }

    /** SIGKILL, then waits until the process is gone. */
    static void kill(long pid) {
        signal(pid, "KILL");
        ProcessHandle.of(pid).ifPresent(handle -> {
            try {
                handle.onExit().get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException("Process " + pid + " did not exit after SIGKILL", e);
            }
        });
    }

    /** SIGTERM, then waits up to {@code grace} for the process to exit; SIGKILL if it has not. Returns whether it exited on its own. */
    static boolean terminate(long pid, java.time.Duration grace) {
        signal(pid, "TERM");
        java.util.Optional<ProcessHandle> handle = ProcessHandle.of(pid);
        if (handle.isEmpty()) {
            return true;
        }
        try {
            handle.get().onExit().get(grace.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (java.util.concurrent.TimeoutException e) {
            kill(pid);
            return false;
        } catch (Exception e) {
            throw new IllegalStateException("Waiting for process " + pid + " to exit failed", e);
        }
    }

    /** Starts {@code launch} in a session of its own (it outlives the drill), logging to {@code log}; returns its PID. */
    static long relaunch(Launch launch, Path log) {
        List<String> command = new ArrayList<>(List.of("setsid"));
        command.addAll(launch.command());
        ProcessBuilder builder = new ProcessBuilder(command).directory(launch.workingDir().toFile())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().clear();
        builder.environment().putAll(launch.environment());
        try {
            return builder.start().pid();
        } catch (IOException e) {
            throw new IllegalStateException("Could not start " + launch.command().get(0) + ": " + e.getMessage(), e);
        }
    }

    private static List<String> split(byte[] nulSeparated) {
        String text = new String(nulSeparated, StandardCharsets.UTF_8);
        return Arrays.stream(text.split("\0")).filter(s -> !s.isEmpty()).toList();
    }
}
