package dev.pipeline.ingest.router;

import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.pipeline.envelope.CloudEventJson;
import dev.pipeline.ingest.config.IngestConfig;
import io.quarkus.runtime.Startup;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Hands one request's events to the router-service over HTTP (connections kept alive and reused), in their order:
 * chunks of at most {@code max-batch-events}, each sent only after the previous one was confirmed stored. Calls
 * block the caller's (worker) thread while the Vert.x client sends and reads on its event loop: one hand-over each
 * way. The JDK client it replaced took a quarter of ingest's CPU at full load in its own threads and futures.
 */
@Startup
@ApplicationScoped
public class RouterClient {

    private static final ObjectMapper RECEIPTS = new ObjectMapper();

    /** What the router answered. */
    private record Reply(int status, String retryAfter, String body) {
    }

    private final HttpClient http;
    private final String writeUri;
    private final IngestConfig.Router config;

    public RouterClient(IngestConfig config, Vertx vertx) {
        this.config = config.router();
        if (this.config.maxBatchEvents() < 1) {
            throw new IllegalStateException("ingest.router.max-batch-events must be at least 1");
        }
        this.http = vertx.createHttpClient(new HttpClientOptions()
                .setConnectTimeout((int) this.config.connectTimeout().toMillis())
                // a connection per request ingest lets in at once, so none waits for another's connection
                .setMaxPoolSize(config.backpressure().maxInFlightRequests()));
        this.writeUri = this.config.url().resolve("/v1/events").toString();
    }

    @PreDestroy
    void close() {
        http.close();
    }

    /**
     * Created at startup, opens a connection to the router and runs the forwarding path once with an empty batch
     * (which stores nothing), so that the first producer request does not pay ~0.5 s for it. The router may not
     * be up yet: then nothing happens.
     */
    @PostConstruct
    void warmUp() {
        try {
            writeChunk(List.of());
        } catch (RouterUnavailableException | RouterRejectedException notUpYet) {
            // the first producer request will open the connection instead
        }
    }

    /**
     * Sends events, each already encoded as structured JSON; returns once the router confirmed every one stored; throws {@link RouterUnavailableException} or
     * {@link RouterRejectedException} otherwise (some chunks may then be stored: resending is safe).
     */
    public void write(List<byte[]> events) {
        int size = config.maxBatchEvents();
        for (int from = 0; from < events.size(); from += size) {
            writeChunk(events.subList(from, Math.min(events.size(), from + size)));
        }
    }

    private void writeChunk(List<byte[]> chunk) {
        long timeoutMs = config.timeout().toMillis();
        RequestOptions request = new RequestOptions().setMethod(HttpMethod.POST).setAbsoluteURI(writeUri)
                .putHeader(HttpHeaders.CONTENT_TYPE, CloudEventJson.BATCH_MEDIA_TYPE)
                .putHeader(HttpHeaders.ACCEPT, "application/json")
                .setTimeout(timeoutMs); // the request fails when the router sends nothing back for this long
        Future<Reply> reply = http.request(request)
                .compose(sending -> sending.send(Buffer.buffer(batch(chunk))))
                .compose(response -> response.body().map(body -> new Reply(response.statusCode(),
                        response.getHeader("Retry-After"), body.toString())));
        try {
            // the client's own timeout fails the request first; this bound only guards against a lost callback
            confirm(reply.toCompletionStage().toCompletableFuture().get(timeoutMs + config.connectTimeout().toMillis(),
                    TimeUnit.MILLISECONDS), chunk.size());
        } catch (ExecutionException e) {
            throw new RouterUnavailableException("router unreachable: " + e.getCause(), e.getCause(), defaultRetryAfter());
        } catch (TimeoutException e) {
            throw new RouterUnavailableException("router did not answer in time", e, defaultRetryAfter());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RouterUnavailableException("interrupted while waiting for the router", e, defaultRetryAfter());
        }
    }

    private void confirm(Reply response, int sent) {
        int status = response.status();
        if (status == 200) {
            int stored = storedCount(response.body());
            if (stored != sent) {
                throw new RouterUnavailableException("router confirmed " + stored + " of " + sent + " events", null,
                        defaultRetryAfter());
            }
            return;
        }
        if (status == 429 || status >= 500) {
            throw new RouterUnavailableException("router answered " + status, null, retryAfter(response));
        }
        throw new RouterRejectedException(status, response.body());
    }

    /** A JSON array of the encoded events, joined as they are (each was encoded once, when its size was checked). */
    static byte[] batch(List<byte[]> events) {
        int length = 2 + Math.max(0, events.size() - 1);
        for (byte[] event : events) {
            length += event.length;
        }
        byte[] body = new byte[length];
        body[0] = '[';
        int at = 1;
        for (int i = 0; i < events.size(); i++) {
            if (i > 0) {
                body[at++] = ',';
            }
            System.arraycopy(events.get(i), 0, body, at, events.get(i).length);
            at += events.get(i).length;
        }
        body[at] = ']';
        return body;
    }

    private static int storedCount(String body) {
        try {
            JsonNode receipt = RECEIPTS.readTree(body);
            return receipt != null && receipt.path("events").canConvertToInt() ? receipt.path("events").intValue() : -1;
        } catch (JsonProcessingException unreadable) {
            return -1;
        }
    }

    private long retryAfter(Reply response) {
        if (response.retryAfter() == null) {
            return defaultRetryAfter();
        }
        try {
            return Math.max(1, Long.parseLong(response.retryAfter().trim()));
        } catch (NumberFormatException httpDate) {
            return defaultRetryAfter();
        }
    }

    private long defaultRetryAfter() {
        return Math.max(1, config.retryAfter().toSeconds());
    }
}
