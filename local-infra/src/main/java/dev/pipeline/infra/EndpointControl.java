package dev.pipeline.infra;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Lets another process (the drill) take the Kinesis endpoint of a running local stack down and up, or impair it: it
 * writes the wanted state (a {@link TcpFaultProxy.Mode}, or an {@link HttpImpairment} as text) into the request file,
 * this applies it and writes it into the applied file, which the requester waits for. A file pair, because the stack's
 * launcher has no other channel to other processes.
 */
public final class EndpointControl implements AutoCloseable {

    private static final Duration POLL = Duration.ofMillis(10);

    private final Path request;
    private final Path applied;
    private final Consumer<String> apply;
    private final Thread watcher;
    private volatile boolean running = true;

    private EndpointControl(Path request, Path applied, Consumer<String> apply) {
        this.request = request;
        this.applied = applied;
        this.apply = apply;
        this.watcher = new Thread(this::watch, "endpoint-control");
        this.watcher.setDaemon(true);
    }

    /** Watches {@code dir/<name>.request} and applies each new mode, confirming it in {@code dir/<name>.applied}. */
    public static EndpointControl start(Path dir, String name, Consumer<TcpFaultProxy.Mode> apply) {
        return startText(dir, name, text -> apply.accept(mode(text)));
    }

    /** As {@link #start}, for impairments: {@code dir/<name>.request} holds {@link HttpImpairment#toText()}. */
    public static EndpointControl startImpairments(Path dir, String name, Consumer<HttpImpairment> apply) {
        return startText(dir, name, text -> apply.accept(HttpImpairment.parse(text)));
    }

    /** Asks the stack's launcher for {@code mode} and waits until it is applied. */
    public static void request(Path dir, String name, TcpFaultProxy.Mode mode, Duration timeout) {
        requestText(dir, name, mode.name(), timeout);
    }

    /** Asks the stack's launcher for {@code impairment} and waits until it is applied. */
    public static void requestImpairment(Path dir, String name, HttpImpairment impairment, Duration timeout) {
        requestText(dir, name, impairment.toText(), timeout);
    }

    private static EndpointControl startText(Path dir, String name, Consumer<String> apply) {
        EndpointControl control = new EndpointControl(requestFile(dir, name), appliedFile(dir, name), apply);
        control.watcher.start();
        return control;
    }

    private static void requestText(Path dir, String name, String wanted, Duration timeout) {
        Path applied = appliedFile(dir, name);
        write(requestFile(dir, name), wanted);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!wanted.equals(read(applied))) {
            if (System.nanoTime() > deadline) {
                throw new InfraException("The local stack did not apply " + wanted + " to " + name + " within "
                        + timeout + " (is bin/pipeline's infra running?)");
            }
            pause();
        }
    }

    private static TcpFaultProxy.Mode mode(String text) {
        return TcpFaultProxy.Mode.valueOf(text.toUpperCase(Locale.ROOT));
    }

    /** Applies each new request; sleeps on the directory's change events in between (no polling while idle). */
    private void watch() {
        try (WatchService changes = request.getFileSystem().newWatchService()) {
            request.getParent().register(changes, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY);
            String current = null;
            while (running) {
                String wanted = read(request);
                if (wanted != null && !wanted.equals(current)) {
                    try {
                        apply.accept(wanted);
                        write(applied, wanted);
                    } catch (IllegalArgumentException unreadable) {
                        System.err.println("Ignoring the request " + wanted + " for " + request + ": "
                                + unreadable.getMessage());
                    }
                    current = wanted;
                }
                // woken by any change in the directory; the timeout lets close() end the loop
                WatchKey key = changes.poll(1, TimeUnit.SECONDS);
                if (key != null) {
                    key.pollEvents();
                    key.reset();
                }
            }
        } catch (IOException e) {
            throw new InfraException("Cannot watch " + request.getParent() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        running = false;
    }

    private static Path requestFile(Path dir, String name) {
        return dir.resolve(name + ".request");
    }

    private static Path appliedFile(Path dir, String name) {
        return dir.resolve(name + ".applied");
    }

    /** The state in a file, or null while there is none. */
    private static String read(Path file) {
        try {
            String text = Files.readString(file, StandardCharsets.US_ASCII).trim();
            return text.isEmpty() ? null : text;
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw new InfraException("Cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** Writes whole or not at all: the reader never sees half a word. */
    private static void write(Path file, String state) {
        try {
            Path partial = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(partial, state, StandardCharsets.US_ASCII);
            Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new InfraException("Cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    private static void pause() {
        try {
            Thread.sleep(POLL.toMillis()); // the requester polls the applied file: a few times per request
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
