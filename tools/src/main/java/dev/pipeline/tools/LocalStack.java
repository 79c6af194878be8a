package dev.pipeline.tools;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
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

    /** Whether ingest and every replica of a fleet of that size answer their readiness check. */
    public boolean ready(int routers, int deliveries) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        List<URI> all = new ArrayList<>(List.of(ingestUrl));
        all.addAll(routerUrls(routers));
        all.addAll(deliveryUrls(deliveries));
        return all.stream().allMatch(url -> ready(http, url));
    }

    /**
     * The base URLs of {@code count} routers as {@code bin/pipeline up --routers} places them: replica K listens
     * 100 * (K - 1) above the first.
     */
    public List<URI> routerUrls(int count) {
        return replicas(routerUrl, count);
    }

    /** The base URLs of {@code count} delivery replicas, placed as the routers are. */
    public List<URI> deliveryUrls(int count) {
        return replicas(deliveryUrl, count);
    }

    /** The stream URLs of {@code count} delivery replicas. */
    public List<URI> streamUrls(int count) {
        return deliveryUrls(count).stream().map(url -> url.resolve(streamUrl.getPath())).toList();
    }

    private static List<URI> replicas(URI first, int count) {
        List<URI> urls = new ArrayList<>();
        for (int k = 0; k < count; k++) {
            urls.add(URI.create(first.getScheme() + "://" + first.getHost() + ":" + (first.getPort() + 100 * k) + "/"));
        }
        return urls;
    }

    /** Runs {@code bin/pipeline up}, which starts whatever is not running and waits until it is ready. */
    public void up() {
        up(List.of());
    }

    /** Runs {@code bin/pipeline up --routers N --deliveries M}. */
    public void up(int routers, int deliveries) {
        up(List.of("--routers", Integer.toString(routers), "--deliveries", Integer.toString(deliveries)));
    }

    /** Starts the stack with a fleet of that size unless every replica of it is ready already. */
    public void ensureUp(int routers, int deliveries) {
        if (!ready(routers, deliveries)) {
            System.err.printf("starting the local stack (bin/pipeline up --routers %d --deliveries %d)...%n", routers,
                    deliveries);
            up(routers, deliveries);
        }
    }

    private void up(List<String> options) {
        List<String> command = new ArrayList<>(List.of(root.resolve("bin/pipeline").toString(), "up"));
        command.addAll(options);
        try {
            Process process = new ProcessBuilder(command).directory(root.toFile())
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
