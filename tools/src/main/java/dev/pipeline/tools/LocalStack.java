package dev.pipeline.tools;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The stack {@code bin/pipeline up} runs: its URLs and tokens (the defaults bin/pipeline uses, or the
 * {@code PIPELINE_*} environment variables {@code bin/pipeline env} prints) and its state directory with the PID files.
 */
public record LocalStack(Path root, Path state, URI ingestUrl, URI streamUrl, URI routerUrl, URI deliveryUrl,
                         String producerKey, String partnerToken, String adminToken) {

    /** The local stack as seen from the environment; the root is {@code -Dpipeline.root} or the working directory. */
    public static LocalStack fromEnvironment() {
        Map<String, String> env = System.getenv();
        Path root = Path.of(System.getProperty("pipeline.root", ".")).toAbsolutePath().normalize();
        Path state = Path.of(env.getOrDefault("PIPELINE_STATE_DIR", root.resolve(".pipeline").toString()));
        URI stream = URI.create(env.getOrDefault("PIPELINE_STREAM_URL", "http://localhost:8082/v1/stream"));
        return new LocalStack(root, state,
                URI.create(env.getOrDefault("PIPELINE_INGEST_URL", "http://localhost:8080")), stream,
                URI.create(env.getOrDefault("PIPELINE_ROUTER_URL", "http://localhost:8081")), stream.resolve("/"),
                env.getOrDefault("PIPELINE_PRODUCER_KEY", "local-producer-key"),
                env.getOrDefault("PIPELINE_PARTNER_TOKEN", "local-partner-token"),
                env.getOrDefault("PIPELINE_ADMIN_TOKEN", "local-admin-token"));
    }

    /** Whether all three services answer their readiness check. */
    public boolean ready() {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        return List.of(ingestUrl, routerUrl, deliveryUrl).stream().allMatch(url -> ready(http, url));
    }

    /** Runs {@code bin/pipeline up}, which starts whatever is not running and waits until it is ready. */
    public void up() {
        try {
            Process process = new ProcessBuilder(root.resolve("bin/pipeline").toString(), "up").directory(root.toFile())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(
                            Files.createDirectories(state).resolve("drill-up.log").toFile())).start();
            if (process.waitFor() != 0) {
                throw new IllegalStateException("bin/pipeline up failed; see " + state.resolve("drill-up.log"));
            }
        } catch (IOException e) {
            throw new IllegalStateException("Could not run bin/pipeline up: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while running bin/pipeline up", e);
        }
    }

    /** Starts the stack unless it is ready already. */
    public void ensureUp() {
        if (!ready()) {
            System.err.println("starting the local stack (bin/pipeline up)...");
            up();
        }
    }

    private static boolean ready(HttpClient http, URI base) {
        try {
            return http.send(HttpRequest.newBuilder(base.resolve("/q/health/ready")).timeout(Duration.ofSeconds(3)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
