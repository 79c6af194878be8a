package dev.pipeline.tools;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The router's operator API: the routing state with its transitions, and the mode override. */
public final class RoutingClient {

    /** One routing state change as {@code GET /v1/routing} lists it. */
    public record Transition(Instant time, String from, String to, String reason) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http;
    private final URI routing;

    public RoutingClient(HttpClient http, URI routerUrl) {
        this.http = http;
        this.routing = routerUrl.resolve("/v1/routing");
    }

    /** The transitions, oldest first; empty when the router does not answer. */
    public List<Transition> transitions() {
        List<Transition> transitions = new ArrayList<>();
        Optional<JsonNode> view = view();
        view.ifPresent(node -> node.path("transitions").forEach(t -> transitions.add(0, new Transition(
                instant(t.path("time")), t.path("from").asText(), t.path("to").asText(), t.path("reason").asText()))));
        return transitions;
    }

    /** The current state (PRIMARY, FAILING_OVER, ...), or empty when the router does not answer. */
    public Optional<String> state() {
        return view().map(node -> node.path("state").asText());
    }

    /** Where writes go now ("kinesis" or "kafka"), or empty when the router does not answer. */
    public Optional<String> target() {
        return view().map(node -> node.path("target").asText());
    }

    /** Whether the router answers its readiness check with 200. */
    public boolean ready() {
        return send(HttpRequest.newBuilder(routing.resolve("/q/health/ready")).timeout(Duration.ofSeconds(3)).build())
                .map(response -> response.statusCode() == 200).orElse(false);
    }

    /** Sets the routing mode ("auto", "kinesis", "kafka") with the admin token; throws unless 200. */
    public void override(String mode, String adminToken) {
        override(mode, adminToken, null);
    }

    /** Sets the routing mode with the admin token and a reason for the audit trail; throws unless 200. */
    public void override(String mode, String adminToken, String reason) {
        String body = "{\"mode\":\"" + mode + "\"" + (reason == null ? "" : ",\"reason\":\"" + reason + "\"") + "}";
        HttpRequest request = HttpRequest.newBuilder(routing.resolve("/v1/routing/override"))
                .timeout(Duration.ofSeconds(5)).header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + adminToken)
                .PUT(HttpRequest.BodyPublishers.ofString(body)).build();
        HttpResponse<String> response = send(request)
                .orElseThrow(() -> new IllegalStateException("router did not answer the override"));
        if (response.statusCode() != 200) {
            throw new IllegalStateException("override to " + mode + " refused: " + response.statusCode() + " " + response.body());
        }
    }

    private Optional<JsonNode> view() {
        return send(HttpRequest.newBuilder(routing).timeout(Duration.ofSeconds(3)).build())
                .filter(response -> response.statusCode() == 200)
                .map(response -> {
                    try {
                        return JSON.readTree(response.body());
                    } catch (IOException e) {
                        throw new IllegalStateException("GET /v1/routing answered no JSON: " + response.body(), e);
                    }
                });
    }

    private Optional<HttpResponse<String>> send(HttpRequest request) {
        try {
            return Optional.of(http.send(request, HttpResponse.BodyHandlers.ofString()));
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    // Jackson writes an Instant as ISO text, or as epoch seconds with a fraction when timestamps are numeric
    private static Instant instant(JsonNode time) {
        if (time.isNumber()) {
            long nanos = time.decimalValue().movePointRight(9).longValue();
            return Instant.ofEpochSecond(0, nanos);
        }
        return Instant.parse(time.asText());
    }
}
