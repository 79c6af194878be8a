package dev.pipeline.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.pipeline.envelope.CloudEvent;
import dev.pipeline.envelope.CloudEventJson;

/**
 * Every metric the chart's alerts and dashboard name is one the running services export: each is found in a scrape of
 * /q/metrics of the service its name belongs to. Meters that appear only once something happened (a write, a
 * delivery, a slow partner cut off) are made to appear first, by sending events and by a partner that never reads.
 */
class AlertMetricsIT {

    private static final Path CHART = Path.of(System.getProperty("pipeline.root", "..")).toAbsolutePath().normalize()
            .resolve("helm");
    /** A metric of ours in a PromQL expression: the service's name, then the meter's name in Prometheus form. */
    private static final Pattern METRIC = Pattern.compile("\\b(ingest|router|delivery)_[a-z0-9_]+\\b");
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static RunningPipeline pipeline;

    @BeforeAll
    static void start() {
        pipeline = RunningPipeline.start(Map.of());
    }

    @AfterAll
    static void stop() {
        if (pipeline != null) {
            pipeline.close();
        }
    }

    @Test
    void everyMetricTheAlertsAndTheDashboardNameIsExportedByItsService() throws Exception {
        Set<String> alerting = metricsIn(expressions(Files.readString(CHART.resolve("templates/prometheusrule.yaml"))));
        Set<String> charted = metricsIn(Files.readString(CHART.resolve("files/dashboard.json")));
        assertTrue(alerting.size() >= 7, "the alerts' metrics: " + alerting);
        assertTrue(charted.containsAll(Set.of("router_state", "delivery_partners_connected")), "dashboard: " + charted);
        Set<String> named = new TreeSet<>(alerting);
        named.addAll(charted);

        try (Socket stalledPartner = stalledPartner()) {
            // events through the whole pipeline until delivery cuts the partner that never reads
            await().atMost(Duration.ofSeconds(120)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(500))
                    .until(() -> {
                        sendBatch(300);
                        return scrape("delivery").contains("delivery_slow_disconnects_total{");
                    });
        }

        Map<String, Set<String>> exported = Map.of("ingest", exportedNames(scrape("ingest")),
                "router", exportedNames(scrape("router")), "delivery", exportedNames(scrape("delivery")));
        List<String> missing = named.stream()
                .filter(metric -> !exported.get(metric.substring(0, metric.indexOf('_'))).contains(metric)).toList();
        assertEquals(List.of(), missing, () -> "named by the chart but not exported: " + missing + "\nexported: " + exported);
    }

    /** The expr: values of the rule template (single lines and folded blocks). */
    private static String expressions(String template) {
        StringBuilder expressions = new StringBuilder();
        boolean folded = false;
        for (String line : template.split("\n")) {
            String trimmed = line.trim();
            if (trimmed.startsWith("expr:")) {
                expressions.append(trimmed).append('\n');
                folded = trimmed.endsWith(">-");
            } else if (folded && !trimmed.contains(":")) {
                expressions.append(trimmed).append('\n');
            } else {
                folded = false;
            }
        }
        return expressions.toString();
    }

    private static Set<String> metricsIn(String text) {
        Set<String> names = new TreeSet<>();
        Matcher matcher = METRIC.matcher(text);
        while (matcher.find()) {
            names.add(matcher.group());
        }
        return names;
    }

    /** Names of the samples in a Prometheus text scrape. */
    private static Set<String> exportedNames(String scrape) {
        return scrape.lines().filter(line -> !line.startsWith("#") && !line.isBlank())
                .map(line -> line.split("[{ ]", 2)[0]).collect(Collectors.toSet());
    }

    private static String scrape(String service) throws IOException, InterruptedException {
        URI uri = switch (service) {
            case "ingest" -> pipeline.ingest("/q/metrics");
            case "router" -> pipeline.router("/q/metrics");
            default -> pipeline.delivery("/q/metrics");
        };
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), service + " /q/metrics");
        return response.body();
    }

    /** An SSE subscriber with a tiny receive window that never reads what it is sent. */
    private static Socket stalledPartner() throws IOException {
        URI stream = pipeline.delivery("/v1/stream");
        Socket socket = new Socket();
        socket.setReceiveBufferSize(4096);
        socket.connect(new java.net.InetSocketAddress(stream.getHost(), stream.getPort()), 5000);
        OutputStream out = socket.getOutputStream();
        out.write(("GET /v1/stream HTTP/1.1\r\nHost: localhost\r\nAccept: text/event-stream\r\n"
                + "Authorization: Bearer " + RunningPipeline.PARTNER_TOKEN + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return socket;
    }

    /** One batch of events of about 1 KB each; a 503 (not stored) is simply not counted. */
    private static void sendBatch(int size) throws IOException, InterruptedException {
        List<CloudEvent> events = new ArrayList<>();
        String padding = "x".repeat(1000);
        for (int i = 0; i < size; i++) {
            events.add(CloudEventJson.parse("{\"specversion\":\"1.0\",\"id\":\"" + UUID.randomUUID()
                    + "\",\"source\":\"/e2e/alerts\",\"type\":\"com.example.alerts\",\"subject\":\"k" + (i % 16)
                    + "\",\"data\":{\"pad\":\"" + padding + "\"}}"));
        }
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(pipeline.ingest("/v1/events"))
                .header("Content-Type", CloudEventJson.BATCH_MEDIA_TYPE)
                .header("Authorization", "Bearer " + RunningPipeline.PRODUCER_KEY)
                .POST(HttpRequest.BodyPublishers.ofByteArray(CloudEventJson.writeBatch(events)))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertTrue(response.statusCode() == 202 || response.statusCode() == 503, response.statusCode() + " " + response.body());
    }
}
