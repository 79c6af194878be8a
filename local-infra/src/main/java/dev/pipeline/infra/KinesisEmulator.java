package dev.pipeline.infra;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;

/**
 * The kinesis-local emulator (a real Kinesis API endpoint) run with Node from the package the build installed,
 * with the stream created up front. Ready once the stream is ACTIVE.
 */
public final class KinesisEmulator implements AutoCloseable {

    /** Dummy credentials the emulator accepts; real AWS uses the default provider chain instead. */
    public static final String ACCESS_KEY = "local";
    public static final String SECRET_KEY = "local";
    public static final String REGION = "us-east-1";

    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final Settings settings;
    private final ManagedProcess process;
    private final TcpFaultProxy shield;

    /**
     * Where and how to run the emulator: clients use {@code port}, where a proxy (see {@link TcpFaultProxy})
     * forwards to the emulator on a free internal port; the TLS port is unused but must not collide.
     */
    public record Settings(int port, int tlsPort, Path workDir, String stream, int shards) {
    }

    private final int internalPort;

    private KinesisEmulator(Settings settings, int internalPort, ManagedProcess process, TcpFaultProxy shield) {
        this.settings = settings;
        this.internalPort = internalPort;
        this.process = process;
        this.shield = shield;
    }

    /** Starts the emulator and waits until the stream is ACTIVE. */
    public static KinesisEmulator start(InfraRuntime runtime, Settings settings) {
        requireNode();
        Ports.requireFree(settings.port(), "Kinesis emulator");
        Ports.requireFree(settings.tlsPort(), "Kinesis emulator TLS");
        int internalPort = Ports.freePort();
        Path dir = Directories.create(settings.workDir());
        Map<String, String> environment = Map.of(
                "INITIALIZE_STREAMS", settings.stream() + ":" + settings.shards(),
                "KINESIS_MOCK_PLAIN_PORT", Integer.toString(internalPort),
                "KINESIS_MOCK_TLS_PORT", Integer.toString(settings.tlsPort()),
                "LOG_LEVEL", "WARN");
        // kinesis-local reads server.json from its working directory, so it must run inside its package
        ManagedProcess process = ManagedProcess.start("kinesis-local", List.of("node", "main.js"),
                runtime.kinesisLocalDir(), environment, dir.resolve("kinesis.log"));
        // kinesis-local stops listening when a client resets a connection (as the SDK does on a timeout), so
        // clients never reach it directly
        TcpFaultProxy shield = TcpFaultProxy.start(settings.port(), internalPort);
        KinesisEmulator emulator = new KinesisEmulator(settings, internalPort, process, shield);
        try {
            emulator.awaitStreamActive();
        } catch (RuntimeException e) {
            emulator.close();
            throw e;
        }
        return emulator;
    }

    public URI endpoint() {
        return URI.create("http://localhost:" + settings.port());
    }

    public String stream() {
        return settings.stream();
    }

    public ManagedProcess process() {
        return process;
    }

    /** A synchronous client for this endpoint with short timeouts; the caller closes it. */
    public KinesisClient newClient() {
        return KinesisClient.builder()
                .endpointOverride(endpoint())
                .region(Region.of(REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
                .httpClientBuilder(UrlConnectionHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(2))
                        .socketTimeout(Duration.ofSeconds(10)))
                .build();
    }

    /** Switches what the endpoint does with client connections: forward them, or refuse them as a down endpoint does. */
    public void endpointMode(TcpFaultProxy.Mode mode) {
        shield.mode(mode);
    }

    /** Impairs the endpoint's HTTP requests the gray way (slow, a share failing); {@link HttpImpairment#NONE} heals. */
    public void impair(HttpImpairment impairment) {
        shield.impair(impairment);
    }

    @Override
    public void close() {
        try {
            shield.close();
        } finally {
            // kinesis-local ignores SIGTERM and keeps its streams in memory only: nothing to stop gracefully
            process.kill();
        }
    }

    private void awaitStreamActive() {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        try (KinesisClient client = newClient()) {
            while (true) {
                if (!process.isAlive()) {
                    throw new InfraException("kinesis-local exited during start-up; " + process.logExcerpt());
                }
                if (Ports.isListening(internalPort) && isActive(client)) {
                    return;
                }
                if (System.nanoTime() > deadline) {
                    throw new InfraException("Kinesis stream " + stream() + " not ACTIVE after " + START_TIMEOUT
                            + "; " + process.logExcerpt());
                }
                pause();
            }
        }
    }

    private boolean isActive(KinesisClient client) {
        try {
            return client.describeStreamSummary(r -> r.streamName(stream()))
                    .streamDescriptionSummary().streamStatus() == StreamStatus.ACTIVE;
        } catch (SdkException notYet) {
            return false;
        }
    }

    private static void pause() {
        try {
            Thread.sleep(100); // polling an external process that offers no notification
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InfraException("Interrupted while waiting for kinesis-local", e);
        }
    }

    private static void requireNode() {
        try {
            Process node = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
            if (node.waitFor() != 0) {
                throw new InfraException("`node --version` failed: kinesis-local needs Node.js 18 or newer on PATH");
            }
        } catch (IOException e) {
            throw new InfraException("Node.js not found on PATH: the Kinesis emulator kinesis-local needs Node.js 18 "
                    + "or newer (install it, e.g. `apt install nodejs`)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InfraException("Interrupted while checking for Node.js", e);
        }
    }
}
