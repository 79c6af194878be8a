package dev.pipeline.e2e.drill;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.pipeline.envelope.EventStreams;
import dev.pipeline.infra.InfraRuntime;
import dev.pipeline.infra.LocalInfra;
import dev.pipeline.infra.ManagedProcess;
import dev.pipeline.infra.Ports;

/**
 * The pipeline a drill test runs against: real Kafka and Kinesis emulator on free ports and the three packaged
 * services as processes in the "local" profile, as {@code bin/pipeline up} runs them (and as the end-to-end
 * tests' RunningPipeline does, which is package-private there).
 */
final class DrillPipeline implements AutoCloseable {

    private static final Path ROOT = Path.of(System.getProperty("pipeline.root", "..")).toAbsolutePath().normalize();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final List<String> SERVICES = List.of("router", "delivery", "ingest");

    private final LocalInfra infra;
    private final Map<String, Integer> ports = new HashMap<>();
    private final Map<String, ManagedProcess> services = new LinkedHashMap<>();

    private DrillPipeline(LocalInfra infra) {
        this.infra = infra;
        SERVICES.forEach(service -> ports.put(service, Ports.freePort()));
    }

    /** Starts everything; {@code routerSettings} are extra system properties for the router. */
    static DrillPipeline start(Map<String, String> routerSettings) {
        LocalInfra infra = LocalInfra.start(InfraRuntime.locate(), LocalInfra.Settings.ephemeral(
                EventStreams.KAFKA_TOPIC, EventStreams.KAFKA_PARTITIONS, EventStreams.KINESIS_STREAM,
                EventStreams.KINESIS_SHARDS));
        DrillPipeline pipeline = new DrillPipeline(infra);
        try {
            pipeline.startService("router", routerSettings);
            pipeline.startService("delivery", Map.of());
            pipeline.startService("ingest", Map.of());
            SERVICES.forEach(pipeline::awaitReady);
            return pipeline;
        } catch (RuntimeException e) {
            pipeline.close();
            throw e;
        }
    }

    URI url(String service) {
        return URI.create("http://localhost:" + ports.get(service));
    }

    LocalInfra infra() {
        return infra;
    }

    private void startService(String service, Map<String, String> extra) {
        Path jar = ROOT.resolve(service + "-service/target/quarkus-app/quarkus-run.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: package the services first (./mvnw verify does)");
        }
        Map<String, String> settings = new HashMap<>();
        settings.put("quarkus.profile", "local");
        settings.put("quarkus.http.port", ports.get(service).toString());
        if (service.equals("ingest")) {
            settings.put("ingest.router.url", url("router").toString());
        } else {
            settings.put("kafka.bootstrap.servers", infra.kafka().bootstrapServers());
            settings.put(service + ".kinesis.endpoint-override", infra.kinesis().endpoint().toString());
        }
        settings.putAll(extra);
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
        settings.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.addAll(List.of("-jar", jar.toString()));
        Path log = logDir().resolve("drill-" + service + "-" + ports.get(service) + ".log");
        services.put(service, ManagedProcess.start(service, command, ROOT, Map.of(), log));
    }

    private void awaitReady(String service) {
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250)).until(() -> {
            if (!services.get(service).isAlive()) {
                throw new IllegalStateException(service + " exited; log:\n" + Files.readString(services.get(service).logFile()));
            }
            return status(url(service).resolve("/q/health/ready")) == 200;
        });
    }

    private static Path logDir() {
        try {
            return Files.createDirectories(Path.of("target", "e2e-logs").toAbsolutePath());
        } catch (IOException e) {
            throw new IllegalStateException("Cannot create target/e2e-logs", e);
        }
    }

    private static int status(URI uri) {
        try {
            return HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    @Override
    public void close() {
        try {
            List.of("ingest", "router", "delivery").forEach(service -> {
                ManagedProcess process = services.remove(service);
                if (process != null) {
                    process.close();
                }
            });
        } finally {
            infra.close();
        }
    }
}
