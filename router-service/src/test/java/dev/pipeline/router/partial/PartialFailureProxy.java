package dev.pipeline.router.partial;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import dev.pipeline.envelope.CloudEventJson;

/**
 * An HTTP proxy in front of the Kinesis emulator (AWS JSON protocol) that makes chosen PutRecords entries fail
 * once with ProvisionedThroughputExceededException: it forwards the other entries to the emulator and merges
 * the emulator's answer with the injected failures, so PutRecords reports a real partial failure.
 */
final class PartialFailureProxy implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(PartialFailureProxy.class);
    private static final String PUT_RECORDS = "Kinesis_20131202.PutRecords";

    private final HttpServer server;
    private final URI target;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final Set<String> failOnce = ConcurrentHashMap.newKeySet();
    private final List<List<String>> putRecordsCalls = new CopyOnWriteArrayList<>();

    PartialFailureProxy(int port, URI target) throws IOException {
        this.target = target;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        server.createContext("/", this::handle);
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "partial-failure-proxy");
            thread.setDaemon(true);
            return thread;
        }));
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    /** The next PutRecords entry carrying this event id fails once. */
    void failOnce(String eventId) {
        failOnce.add(eventId);
    }

    /** Event ids of every PutRecords call, in order. */
    List<List<String>> putRecordsCalls() {
        return putRecordsCalls;
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
        String operation = exchange.getRequestHeaders().getFirst("X-Amz-Target");
        try {
            if (PUT_RECORDS.equals(operation)) {
                putRecords(exchange, body);
            } else {
                HttpResponse<byte[]> response = forward(exchange, body);
                reply(exchange, response.statusCode(), response.headers().firstValue("Content-Type").orElse(null), response.body());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            reply(exchange, 500, null, new byte[0]);
        } catch (IOException | RuntimeException e) {
            LOG.errorf(e, "proxy failed on %s", operation);
            reply(exchange, 500, null, new byte[0]);
        }
    }

    private void putRecords(HttpExchange exchange, byte[] body) throws IOException, InterruptedException {
        ObjectNode request = (ObjectNode) JSON.readTree(body);
        ArrayNode records = (ArrayNode) request.get("Records");
        List<String> ids = new ArrayList<>();
        List<Boolean> failed = new ArrayList<>();
        ArrayNode forwarded = JSON.createArrayNode();
        for (JsonNode record : records) {
            String id = CloudEventJson.parse(Base64.getDecoder().decode(record.get("Data").asText())).id();
            ids.add(id);
            boolean fail = failOnce.remove(id);
            failed.add(fail);
            if (!fail) {
                forwarded.add(record);
            }
        }
        putRecordsCalls.add(ids);
        JsonNode stored = JSON.createObjectNode().set("Records", JSON.createArrayNode());
        if (!forwarded.isEmpty()) {
            request.set("Records", forwarded);
            HttpResponse<byte[]> response = forward(exchange, JSON.writeValueAsBytes(request));
            if (response.statusCode() != 200) {
                reply(exchange, response.statusCode(), response.headers().firstValue("Content-Type").orElse(null), response.body());
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
                merged.addObject().put("ErrorCode", "ProvisionedThroughputExceededException")
                        .put("ErrorMessage", "injected by the test proxy");
            } else {
                merged.add(stored.get("Records").get(next++));
            }
        }
        ObjectNode answer = JSON.createObjectNode().put("FailedRecordCount", failures);
        answer.set("Records", merged);
        reply(exchange, 200, "application/x-amz-json-1.1", JSON.writeValueAsBytes(answer));
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
