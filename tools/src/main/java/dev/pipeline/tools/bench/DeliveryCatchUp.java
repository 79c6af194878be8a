package dev.pipeline.tools.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Waits until delivery has read both sources to their end (its readiness checks report lag 0), so a latency phase
 * does not measure the backlog a throughput phase left behind.
 */
public final class DeliveryCatchUp {

    private static final ObjectMapper JSON = new ObjectMapper();

    private DeliveryCatchUp() {
    }

    /** True once caught up, false when {@code timeout} passed first. */
    public static boolean await(HttpClient http, URI deliveryUrl, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        HttpRequest request = HttpRequest.newBuilder(deliveryUrl.resolve("/q/health/ready")).timeout(Duration.ofSeconds(2)).build();
        while (System.nanoTime() < deadline) {
            if (caughtUp(http, request)) {
                return true;
            }
            LockSupport.parkNanos(Duration.ofMillis(500).toNanos());
        }
        return false;
    }

    private static boolean caughtUp(HttpClient http, HttpRequest request) throws InterruptedException {
        try {
            JsonNode checks = JSON.readTree(http.send(request, HttpResponse.BodyHandlers.ofString()).body()).path("checks");
            if (!checks.isArray() || checks.isEmpty()) {
                return false;
            }
            for (JsonNode check : checks) {
                if (check.path("data").path("lag").asLong(-1) != 0) {
                    return false;
                }
            }
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
