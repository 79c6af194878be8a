package dev.pipeline.e2e;

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
import java.util.List;
import java.util.Map;

import dev.pipeline.infra.KinesisEmulator;
import dev.pipeline.infra.LocalInfra;
import dev.pipeline.infra.ManagedProcess;
import dev.pipeline.infra.Ports;
import dev.pipeline.infra.testing.EphemeralInfra;

/**
 * The whole pipeline for a test: real Kafka and Kinesis emulator (free ports, temporary directory) and the three
 * packaged services as processes in the "local" profile, the way {@code bin/pipeline up} runs them.
 */
public final class RunningPipeline implements AutoCloseable {

    public static final String PRODUCER_KEY = "local-producer-key";
    public static final String PARTNER_TOKEN = "local-partner-token";
    public static final String ADMIN_TOKEN = "local-admin-token";

    private static final Path ROOT = Path.of(System.getProperty("pipeline.root", "..")).toAbsolutePath().normalize();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Path LOG_DIR = createLogDir();

    private final LocalInfra infra;
    private final Map<String, Integer> ports = new HashMap<>();
    private final Map<String, ManagedProcess> services = new HashMap<>();
    private final List<String> serviceOrder = List.of("router", "delivery", "ingest");
    private final Map<String, Map<String, String>> replicaSettings = new HashMap<>();

    private RunningPipeline(LocalInfra infra) {
        this.infra = infra;
        serviceOrder.forEach(service -> ports.put(service, Ports.freePort()));
    }

    /** Starts everything; {@code routerSettings} are extra system properties for the router (e.g. its mode). */
    public static RunningPipeline start(Map<String, String> routerSettings) {
        return start(routerSettings, Map.of());
    }

    /** Starts everything with extra system properties for the router and for delivery. */
    public static RunningPipeline start(Map<String, String> routerSettings, Map<String, String> deliverySettings) {
        LocalInfra infra = EphemeralInfra.start();
        RunningPipeline pipeline = new RunningPipeline(infra);
        try {
            pipeline.startService("router", routerSettings);
            pipeline.startService("delivery", deliverySettings);
            pipeline.startService("ingest", Map.of());
            pipeline.serviceOrder.forEach(pipeline::awaitReady);
            return pipeline;
        } catch (RuntimeException e) {
            pipeline.close();
            throw e;
        }
    }

    public URI ingest(String path) {
        return uri("ingest", path);
    }

    public URI router(String path) {
        return uri("router", path);
    }

    public URI delivery(String path) {
        return uri("delivery", path);
    }

    public LocalInfra infra() {
        return infra;
    }

    public KinesisEmulator kinesis() {
        return infra.kinesis();
    }

    private URI uri(String service, String path) {
        return URI.create("http://localhost:" + ports.get(service) + path);
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
            settings.put("ingest.router.url", "http://localhost:" + ports.get("router"));
        } else {
            settings.put("kafka.bootstrap.servers", infra.kafka().bootstrapServers());
            settings.put(service + ".kinesis.endpoint-override", infra.kinesis().endpoint().toString());
        }
        settings.putAll(extra);
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
        settings.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.addAll(List.of("-jar", jar.toString()));
        // logs outlive the run (target/e2e-logs) so a failed test can be diagnosed
        Path log = LOG_DIR.resolve(service + "-" + ports.get(service) + ".log");
        services.put(service, ManagedProcess.start(service, command, ROOT, Map.of(), log));
    }

    /** A pipeline with several router and delivery replicas: {@code RunningPipeline.fleet().routers(2).start()}. */
    public static Fleet fleet() {
        return new Fleet();
    }

    /**
     * How many replicas of the router and of delivery to start (1 each unless told), and extra settings of the
     * routers. Replicas are named as {@code bin/pipeline} names them: {@code router}, {@code router-2}, ...; ingest
     * is given every router's URL ({@code ingest.router.urls}).
     */
    public static final class Fleet {

        private int routers = 1;
        private int deliveries = 1;
        private Map<String, String> routerSettings = Map.of();

        public Fleet routers(int count) {
            this.routers = count;
            return this;
        }

        public Fleet deliveries(int count) {
            this.deliveries = count;
            return this;
        }

        public Fleet routerSettings(Map<String, String> settings) {
            this.routerSettings = Map.copyOf(settings);
            return this;
        }

        public RunningPipeline start() {
            LocalInfra infra = EphemeralInfra.start();
            RunningPipeline pipeline = new RunningPipeline(infra);
            try {
                List<String> started = new ArrayList<>();
                for (int k = 1; k <= routers; k++) {
                    started.add(pipeline.startReplica("router", k, routerSettings));
                }
                for (int k = 1; k <= deliveries; k++) {
                    started.add(pipeline.startReplica("delivery", k, Map.of()));
                }
                List<String> routerUrls = new ArrayList<>();
                for (int k = 1; k <= routers; k++) {
                    routerUrls.add("http://localhost:" + pipeline.ports.get(replicaName("router", k)));
                }
                started.add(pipeline.startReplica("ingest", 1, Map.of("ingest.router.urls", String.join(",", routerUrls))));
                started.forEach(pipeline::awaitReady);
                return pipeline;
            } catch (RuntimeException e) {
                pipeline.close();
                throw e;
            }
        }
    }

    /** {@code router} for the first replica, {@code router-2} for the second, ... */
    public static String replicaName(String kind, int replica) {
        return replica == 1 ? kind : kind + "-" + replica;
    }

    /** A URL on a replica of a fleet, e.g. {@code router(2, "/v1/routing")}. */
    public URI router(int replica, String path) {
        return uri(replicaName("router", replica), path);
    }

    /** A URL on a replica of a fleet, e.g. {@code delivery(2, "/v1/stream")}. */
    public URI delivery(int replica, String path) {
        return uri(replicaName("delivery", replica), path);
    }

    /** The process of a service replica ({@code ingest}, {@code router-2}, ...). */
    public ManagedProcess process(String replica) {
        return services.get(replica);
    }

    /** Sends a replica SIGTERM, as Kubernetes does to stop a pod, and returns at once. */
    public void terminate(String replica) {
        ProcessHandle.of(services.get(replica).pid()).ifPresent(ProcessHandle::destroy);
    }

    /** Starts a stopped replica again on its port with its settings, and waits until it is ready. */
    public void restart(String replica) {
        ManagedProcess old = services.get(replica);
        if (old != null && old.isAlive()) {
            throw new IllegalStateException(replica + " still runs");
        }
        String kind = replica.contains("-") ? replica.substring(0, replica.indexOf('-')) : replica;
        int index = replica.contains("-") ? Integer.parseInt(replica.substring(replica.indexOf('-') + 1)) : 1;
        startReplica(kind, index, replicaSettings.get(replica));
        awaitReady(replica);
    }

    /** Starts replica {@code index} of {@code kind} on a port of its own; returns its name. */
    private String startReplica(String kind, int index, Map<String, String> extra) {
        String name = replicaName(kind, index);
        ports.computeIfAbsent(name, any -> Ports.freePort());
        replicaSettings.put(name, Map.copyOf(extra));
        Path jar = ROOT.resolve(kind + "-service/target/quarkus-app/quarkus-run.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: package the services first (./mvnw verify does)");
        }
        Map<String, String> settings = new HashMap<>();
        settings.put("quarkus.profile", "local");
        settings.put("quarkus.http.port", ports.get(name).toString());
        if (!kind.equals("ingest")) {
            settings.put("kafka.bootstrap.servers", infra.kafka().bootstrapServers());
            settings.put(kind + ".kinesis.endpoint-override", infra.kinesis().endpoint().toString());
        }
        settings.putAll(extra);
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
        settings.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.addAll(List.of("-jar", jar.toString()));
        Path log = LOG_DIR.resolve(name + "-" + ports.get(name) + ".log");
        services.put(name, ManagedProcess.start(name, command, ROOT, Map.of(), log));
        return name;
    }

    private void awaitReady(String service) {
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250)).until(() -> {
            if (!services.get(service).isAlive()) {
                throw new IllegalStateException(service + " exited; log:\n" + Files.readString(services.get(service).logFile()));
            }
            return status(uri(service, "/q/health/ready")) == 200;
        });
    }

    private static Path createLogDir() {
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

    /**
     * Starts one more router process, named {@code name} (its log is {@code <name>-<port>.log}), on a free port against
     * the same infrastructure, with {@code settings} as extra system properties; returns once the process runs (not
     * necessarily ready). The caller stops it ({@link ExtraRouter#close}).
     */
    public ExtraRouter startRouter(String name, Map<String, String> settings) {
        return new ExtraRouter(name, Ports.freePort(), settings);
    }

    /** A router process beside the pipeline's own, for fleet tests; it can be stopped and started again on its port. */
    public final class ExtraRouter implements AutoCloseable {

        private final String name;
        private final int port;
        private final Map<String, String> settings;
        private ManagedProcess process;

        private ExtraRouter(String name, int port, Map<String, String> settings) {
            this.name = name;
            this.port = port;
            this.settings = Map.copyOf(settings);
            start();
        }

        /** Starts the process again (after {@link #stop}) on the same port, with the same settings. */
        public void start() {
            Path jar = ROOT.resolve("router-service/target/quarkus-app/quarkus-run.jar");
            if (!Files.isRegularFile(jar)) {
                throw new IllegalStateException(jar + " is missing: package the services first (./mvnw verify does)");
            }
            Map<String, String> all = new HashMap<>();
            all.put("quarkus.profile", "local");
            all.put("quarkus.http.port", Integer.toString(port));
            all.put("kafka.bootstrap.servers", infra.kafka().bootstrapServers());
            all.put("router.kinesis.endpoint-override", infra.kinesis().endpoint().toString());
            all.putAll(settings);
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                    .toString(), "-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
            all.forEach((key, value) -> command.add("-D" + key + "=" + value));
            command.addAll(List.of("-jar", jar.toString()));
            process = ManagedProcess.start(name, command, ROOT, Map.of(), LOG_DIR.resolve(name + "-" + port + ".log"));
        }

        /** Stops the process (SIGTERM, as Kubernetes does). */
        public void stop() {
            if (process != null) {
                process.close();
                process = null;
            }
        }

        /** Whether the process is running. */
        public boolean isAlive() {
            return process != null && process.isAlive();
        }

        public URI uri(String path) {
            return URI.create("http://localhost:" + port + path);
        }

        /** Waits until the router reports ready. */
        public void awaitReady() {
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250)).until(() -> {
                if (!isAlive()) {
                    throw new IllegalStateException(name + " exited; log:\n" + Files.readString(process.logFile()));
                }
                return status(uri("/q/health/ready")) == 200;
            });
        }

        @Override
        public void close() {
            stop();
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
            // replicas of a fleet (router-2, delivery-2, ...)
            List.copyOf(services.keySet()).forEach(service -> services.remove(service).close());
        } finally {
            infra.close();
        }
    }
}
