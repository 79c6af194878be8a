package dev.pipeline.router.failover;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * An HTTP proxy in front of the Kinesis emulator (AWS JSON protocol) that impairs it the gray way: every call slowed
 * (with a tail), a share of every kind of call answered 500 InternalFailure, a share of PutRecords entries failed
 * with InternalFailure while the rest are stored by the emulator. Healthy (a plain pass-through) until told otherwise.
 */
final class ImpairedKinesisProxy implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PUT_RECORDS = "Kinesis_20131202.PutRecords";
    private static final String AMZ_JSON = "application/x-amz-json-1.1";

    /** What the proxy does to calls; all zero is healthy. */
    record Impairment(Duration delay, double tailShare, Duration tail, double callFailureShare, double entryFailureShare) {
        static final Impairment NONE = new Impairment(Duration.ZERO, 0, Duration.ZERO, 0, 0);

        static Impairment slowed(Duration delay) {
            return new Impairment(delay, 0, Duration.ZERO, 0, 0);
        }
    }

    private final HttpServer server;
    private final URI target;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private volatile Impairment impairment = Impairment.NONE;

    ImpairedKinesisProxy(int port, URI target) throws IOException {
        this.target = target;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        server.createContext("/", this::handle);
        server.setExecutor(Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "impaired-kinesis-proxy");
            thread.setDaemon(true);
            return thread;
        }));
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    void impair(Impairment next) {
        impairment = next;
    }

    void heal() {
        impairment = Impairment.NONE;
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        Impairment now = impairment;
        ThreadLocalRandom random = ThreadLocalRandom.current();
        try {
            long delay = now.delay().toMillis() + (random.nextDouble() < now.tailShare() ? now.tail().toMillis() : 0);
            if (delay > 0) {
                Thread.sleep(delay); // the impairment itself: a slow endpoint
            }
            if (random.nextDouble() < now.callFailureShare()) {
                exchange.getResponseHeaders().set("x-amzn-ErrorType", "InternalFailure");
                reply(exchange, 500, AMZ_JSON, "{\"__type\":\"InternalFailure\",\"message\":\"injected by the test proxy\"}"
                        .getBytes(StandardCharsets.UTF_8));
            } else if (PUT_RECORDS.equals(exchange.getRequestHeaders().getFirst("X-Amz-Target"))
                    && now.entryFailureShare() > 0) {
                putRecords(exchange, body, now.entryFailureShare());
            } else {
                HttpResponse<byte[]> response = forward(exchange, body);
                reply(exchange, response.statusCode(), response.headers().firstValue("Content-Type").orElse(null),
                        response.body());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            reply(exchange, 500, null, new byte[0]);
        }
    }

    /** Fails a share of the entries, forwards the others, and merges the emulator's answer with the failures. */
    private void putRecords(HttpExchange exchange, byte[] body, double share) throws IOException, InterruptedException {
        ObjectNode request = (ObjectNode) JSON.readTree(body);
        List<Boolean> failed = new ArrayList<>();
        ArrayNode forwarded = JSON.createArrayNode();
        for (JsonNode record : request.get("Records")) {
            boolean fail = ThreadLocalRandom.current().nextDouble() < share;
            failed.add(fail);
            if (!fail) {
                forwarded.add(record);
            }
        }
        JsonNode stored = JSON.createObjectNode().set("Records", JSON.createArrayNode());
        if (!forwarded.isEmpty()) {
            request.set("Records", forwarded);
            HttpResponse<byte[]> response = forward(exchange, JSON.writeValueAsBytes(request));
            if (response.statusCode() != 200) {
                reply(exchange, response.statusCode(), response.headers().firstValue("Content-Type").orElse(null),
                        response.body());
                return;
            }
            stored = JSON.readTree(response.body());
        }
        ArrayNode merged = JSON.createArrayNode();
        int next = 0;
        int failures = 0;
        for (boolean fail : failed) {
            if (fail) {
                failures++;
                merged.addObject().put("ErrorCode", "InternalFailure").put("ErrorMessage", "injected by the test proxy");
            } else {
                JsonNode entry = stored.get("Records").get(next++);
                failures += entry.hasNonNull("ErrorCode") ? 1 : 0;
                merged.add(entry);
            }
        }
        ObjectNode answer = JSON.createObjectNode().put("FailedRecordCount", failures);
        answer.set("Records", merged);
        reply(exchange, 200, AMZ_JSON, JSON.writeValueAsBytes(answer));
    }

    private HttpResponse<byte[]> forward(HttpExchange exchange, byte[] body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(target.resolve(exchange.getRequestURI().toString()))
                .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
        exchange.getRequestHeaders().forEach((name, values) -> {
            if (!Set.of("host", "content-length", "connection", "expect", "transfer-encoding").contains(name.toLowerCase())) {
                values.forEach(value -> request.header(name, value));
            }
        });
        return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static void reply(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        if (contentType != null) {
            exchange.getResponseHeaders().set("Content-Type", contentType);
        }
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
