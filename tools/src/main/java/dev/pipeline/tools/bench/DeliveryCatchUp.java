package dev.pipeline.tools.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.OptionalDouble;
import java.util.concurrent.locks.LockSupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Waits until delivery has read both sources to their end (its readiness checks report lag 0) and its merge
 * watermark trails the clock by less than {@link #SETTLED_WATERMARK_DELAY} (nothing read is still waiting to be
 * released), at {@link #IN_A_ROW} checks in a row, so a latency phase does not measure the backlog a throughput
 * phase left behind.
 */
public final class DeliveryCatchUp {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String WATERMARK_DELAY = "delivery_merge_watermark_delay_milliseconds";
    private static final double SETTLED_WATERMARK_DELAY = 1_000;
    private static final int IN_A_ROW = 3;

    private DeliveryCatchUp() {
    }

    /** True once caught up, false when {@code timeout} passed first. */
    public static boolean await(HttpClient http, URI deliveryUrl, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        HttpRequest health = HttpRequest.newBuilder(deliveryUrl.resolve("/q/health/ready")).timeout(Duration.ofSeconds(2)).build();
        HttpRequest metrics = HttpRequest.newBuilder(deliveryUrl.resolve("/q/metrics")).timeout(Duration.ofSeconds(2)).build();
        int settled = 0;
        while (System.nanoTime() < deadline) {
            settled = sourcesRead(http, health) && watermarkSettled(http, metrics) ? settled + 1 : 0;
            if (settled == IN_A_ROW) {
                return true;
            }
            LockSupport.parkNanos(Duration.ofMillis(500).toNanos());
        }
        return false;
    }

    private static boolean sourcesRead(HttpClient http, HttpRequest request) throws InterruptedException {
        try {
            return sourcesRead(http.send(request, HttpResponse.BodyHandlers.ofString()).body());
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Whether a readiness answer shows every source read to its end: each check that reports a lag (the sources; the
     * others, such as graceful shutdown's, report none) reports 0, and there is at least one.
     */
    static boolean sourcesRead(String readiness) throws IOException {
        JsonNode checks = JSON.readTree(readiness).path("checks");
        int sources = 0;
        for (JsonNode check : checks) {
            JsonNode lag = check.path("data").path("lag");
            if (lag.isMissingNode()) {
                continue;
            }
            if (lag.asLong(-1) != 0) {
                return false;
            }
            sources++;
        }
        return sources > 0;
    }

    private static boolean watermarkSettled(HttpClient http, HttpRequest request) throws InterruptedException {
        try {
            OptionalDouble delay = gauge(http.send(request, HttpResponse.BodyHandlers.ofString()).body(), WATERMARK_DELAY);
            return delay.isPresent() && delay.getAsDouble() < SETTLED_WATERMARK_DELAY;
        } catch (IOException e) {
            return false;
        }
    }

    /** The value of an untagged gauge in Prometheus' text format, if present and a number. */
    static OptionalDouble gauge(String exposition, String name) {
        for (String line : exposition.split("\n")) {
            if (line.startsWith(name + " ")) {
                try {
                    return OptionalDouble.of(Double.parseDouble(line.substring(name.length() + 1).trim()));
                } catch (NumberFormatException e) {
                    return OptionalDouble.empty();
                }
            }
        }
        return OptionalDouble.empty();
    }
}
