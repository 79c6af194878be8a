package dev.pipeline.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A child process started by the launcher: output goes to a log file, and it can be frozen (SIGSTOP),
 * thawed (SIGCONT) and stopped. A JVM shutdown hook stops it if its owner never does.
 */
public final class ManagedProcess implements AutoCloseable {

    private static final int LOG_EXCERPT_LINES = 15;

    private final String name;
    private final Process process;
    private final Path logFile;
    private final Thread shutdownHook;

    private ManagedProcess(String name, Process process, Path logFile) {
        this.name = name;
        this.process = process;
        this.logFile = logFile;
        this.shutdownHook = new Thread(this::destroy, "stop-" + name);
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** Starts {@code command} in {@code workingDir}, appending its output to {@code logFile}. */
    public static ManagedProcess start(String name, List<String> command, Path workingDir,
                                       Map<String, String> environment, Path logFile) {
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(workingDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        builder.environment().putAll(environment);
        try {
            return new ManagedProcess(name, builder.start(), logFile);
        } catch (IOException e) {
            throw new InfraException("Could not start " + name + " (" + command.get(0) + "): " + e.getMessage(), e);
        }
    }

    public String name() {
        return name;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Waits up to {@code timeout} for the process to exit; true when it has. */
    public boolean awaitExit(Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InfraException("Interrupted while waiting for " + name, e);
        }
    }

    public int exitValue() {
        return process.exitValue();
    }

    public Path logFile() {
        return logFile;
    }

    /** Where the log is and its last lines, for an error message about this process (the file may be gone later). */
    public String logExcerpt() {
        try (Stream<String> lines = Files.lines(logFile, StandardCharsets.UTF_8)) {
            List<String> all = lines.toList();
            List<String> tail = all.subList(Math.max(0, all.size() - LOG_EXCERPT_LINES), all.size());
            return "see " + logFile + (tail.isEmpty() ? " (empty)" : ", which ends:\n  " + String.join("\n  ", tail));
        } catch (IOException | UncheckedIOException e) {
            return "see " + logFile + " (unreadable: " + e.getMessage() + ")";
        }
    }

    /** Suspends the process (SIGSTOP): its sockets stay open but nothing answers, like a hung service. */
    public void freeze() {
        signal("STOP");
    }

    /** Resumes a frozen process (SIGCONT). */
    public void thaw() {
        signal("CONT");
    }

    private void signal(String signal) {
        try {
            int exit = new ProcessBuilder("kill", "-" + signal, Long.toString(pid())).start().waitFor();
            if (exit != 0) {
                throw new InfraException("kill -" + signal + " " + pid() + " (" + name + ") exited with " + exit);
            }
        } catch (IOException e) {
            throw new InfraException("Could not signal " + name + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InfraException("Interrupted while signalling " + name, e);
        }
    }

    /** Kills the process at once (SIGKILL), for a process that keeps nothing worth a graceful stop. */
    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        close();
    }

    /** Stops the process: SIGCONT first (a frozen process cannot handle SIGTERM), then SIGTERM, then SIGKILL. */
    @Override
    public void close() {
        destroy();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // the hook is running or has run; nothing left to remove
        }
    }

    private void destroy() {
        if (!process.isAlive()) {
            return;
        }
        try {
            thaw();
        } catch (InfraException ignored) {
            // it may have exited in between; destroy() below settles it either way
        }
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
