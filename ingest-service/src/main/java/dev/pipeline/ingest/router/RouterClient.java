package dev.pipeline.ingest.router;

import java.net.URI;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.pipeline.envelope.CloudEvent;
import dev.pipeline.envelope.CloudEventJson;
import dev.pipeline.ingest.config.IngestConfig;
import io.quarkus.runtime.Startup;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Hands one request's events to the router-service over HTTP, in their order: chunks of at most
 * {@code max-batch-events}, each sent only after the previous one was confirmed stored. Uses Vert.x's pooled,
 * non-blocking client on the event loops the service already runs (no thread per call), and is created at
 * startup so the first producer request does not pay for it.
 */
@Startup
@ApplicationScoped
public class RouterClient {

    private static final ObjectMapper RECEIPTS = new ObjectMapper();

    private final HttpClient http;
    private final String writeUri;
    private final IngestConfig.Router config;

    public RouterClient(IngestConfig config, Vertx vertx) {
        this.config = config.router();
        if (this.config.maxBatchEvents() < 1) {
            throw new IllegalStateException("ingest.router.max-batch-events must be at least 1");
        }
        this.http = vertx.createHttpClient(new HttpClientOptions()
                        .setKeepAlive(true)
                        .setConnectTimeout((int) this.config.connectTimeout().toMillis()),
                new PoolOptions().setHttp1MaxSize(this.config.maxConnections()));
        URI uri = this.config.url().resolve("/v1/events");
        this.writeUri = uri.toString();
    }

    @PreDestroy
    void close() {
        http.close();
    }

    /**
     * Completes once the router confirmed every event stored; fails with {@link RouterUnavailableException} or
     * {@link RouterRejectedException} otherwise (some chunks may then be stored: resending is safe).
     */
    public CompletionStage<Void> write(List<CloudEvent> events) {
        CompletableFuture<Void> chain = CompletableFuture.completedFuture(null);
        int size = config.maxBatchEvents();
        for (int from = 0; from < events.size(); from += size) {
            List<CloudEvent> chunk = events.subList(from, Math.min(events.size(), from + size));
            chain = chain.thenCompose(ignored -> writeChunk(chunk));
        }
        return chain;
    }

    /** What the router answered. */
    private record Answer(int status, String retryAfter, String body) {
    }

    private CompletableFuture<Void> writeChunk(List<CloudEvent> chunk) {
        RequestOptions request = new RequestOptions()
                .setMethod(HttpMethod.POST)
                .setAbsoluteURI(writeUri)
                .setIdleTimeout(config.timeout().toMillis())
                .putHeader("Content-Type", CloudEventJson.BATCH_MEDIA_TYPE)
                .putHeader("Accept", "application/json");
        Buffer body = Buffer.buffer(CloudEventJson.writeBatch(chunk));
        return http.request(request)
                .compose(call -> call.send(body))
                .compose(response -> response.body().map(answer ->
                        new Answer(response.statusCode(), response.getHeader("Retry-After"), answer.toString())))
                .toCompletionStage().toCompletableFuture()
                .handle((answer, failure) -> {
                    if (failure != null) {
                        throw new RouterUnavailableException("router unreachable: " + failure, failure, defaultRetryAfter());
                    }
                    confirm(answer, chunk.size());
                    return null;
                });
    }

    private void confirm(Answer answer, int sent) {
        int status = answer.status();
        if (status == 200) {
            int stored = storedCount(answer.body());
            if (stored != sent) {
                throw new RouterUnavailableException("router confirmed " + stored + " of " + sent + " events", null,
                        defaultRetryAfter());
            }
            return;
        }
        if (status == 429 || status >= 500) {
            throw new RouterUnavailableException("router answered " + status, null, retryAfter(answer.retryAfter()));
        }
        throw new RouterRejectedException(status, answer.body());
    }

    private static int storedCount(String body) {
        try {
            JsonNode receipt = RECEIPTS.readTree(body);
            return receipt != null && receipt.path("events").canConvertToInt() ? receipt.path("events").intValue() : -1;
        } catch (JsonProcessingException unreadable) {
            return -1;
        }
    }

    private long retryAfter(String header) {
        if (header == null) {
            return defaultRetryAfter();
        }
        try {
            return Math.max(1, Long.parseLong(header.trim()));
        } catch (NumberFormatException httpDate) {
            return defaultRetryAfter();
        }
    }

    private long defaultRetryAfter() {
        return Math.max(1, config.retryAfter().toSeconds());
    }
}
