package dev.pipeline.tools.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;

import dev.pipeline.envelope.CloudEvent;
import dev.pipeline.envelope.CloudEventJson;
import dev.pipeline.tools.load.PacedSender;

/**
 * nginx with nchan, the dedicated SSE server the fan-out is compared with, started for the bench's run (as the stack
 * starts the Kafka broker) and stopped after it. Debian's {@code nginx-light} and {@code libnginx-mod-nchan} provide it;
 * without them the bench says how to install them and leaves the comparison out.
 */
public final class NchanPeer implements AutoCloseable {

    /** How to install the peer where it is missing. */
    public static final String INSTALL_HINT = "apt-get install -y nginx-light libnginx-mod-nchan";
    static final Path NGINX = Path.of("/usr/sbin/nginx");
    static final Path MODULE = Path.of("/usr/lib/nginx/modules/ngx_nchan_module.so");
    /** Messages the channel keeps, as the published comparison used. */
    static final int BUFFER_LENGTH = 1000;

    private static final DateTimeFormatter RFC3339_MICROS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'")
            .withZone(ZoneOffset.UTC);

    private final Process nginx;
    private final URI base;
    private final HttpClient http;

    private NchanPeer(Process nginx, URI base) {
        this.nginx = nginx;
        this.base = base;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2))
                .build();
    }

    /** Starts nginx + nchan on {@code port} with its files under {@code dir}; empty (and why, on stderr) when not installed. */
    public static Optional<NchanPeer> start(Path dir, int port) throws IOException, InterruptedException {
        if (!Files.isExecutable(NGINX) || !Files.isRegularFile(MODULE)) {
            System.err.println("nginx + nchan not installed: the fan-out comparison is left out (" + INSTALL_HINT + ")");
            return Optional.empty();
        }
        Files.createDirectories(dir);
        Path config = dir.resolve("nginx.conf");
        Files.writeString(config, NchanConfig.render(port, dir, MODULE, BUFFER_LENGTH));
        Process process = new ProcessBuilder(NGINX.toString(), "-p", dir.toString(), "-c", config.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("nginx.out").toFile()).start();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!listening(port)) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                process.destroyForcibly();
                throw new IOException("nginx + nchan did not start; see " + dir.resolve("nginx.out") + " and "
                        + dir.resolve("error.log"));
            }
            LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
        }
        return Optional.of(new NchanPeer(process, URI.create("http://127.0.0.1:" + port)));
    }

    public URI streamUrl() {
        return base.resolve(NchanConfig.SUBSCRIBE_PATH);
    }

    public long pid() {
        return nginx.pid();
    }

    /**
     * Publishes events as ingest would hand them on: each stamped with {@code ingesttime} (and its partition key) at
     * the moment it is accepted, so the harness measures lag from the same point on both servers.
     */
    public PacedSender.Publisher publisher() {
        URI publish = base.resolve(NchanConfig.PUBLISH_PATH);
        return events -> {
            boolean accepted = true;
            for (String json : events) {
                CloudEvent event = CloudEventJson.parse(json);
                String now = RFC3339_MICROS.format(Instant.now().truncatedTo(ChronoUnit.MICROS));
                event = event.withExtension(CloudEvent.INGEST_TIME, now)
                        .withExtension(CloudEvent.PARTITION_KEY, event.partitionKey());
                accepted &= post(publish, CloudEventJson.writeString(event));
            }
            return accepted;
        };
    }

    private boolean post(URI publish, String body) {
        try {
            int status = http.send(HttpRequest.newBuilder(publish).timeout(Duration.ofSeconds(10))
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.discarding())
                    .statusCode();
            return status >= 200 && status < 300;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static boolean listening(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** SIGTERM (nginx' fast shutdown), then a hard stop if it lingers. */
    @Override
    public void close() throws InterruptedException {
        nginx.destroy();
        if (!nginx.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
            nginx.destroyForcibly();
        }
    }
}
