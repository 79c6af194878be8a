package dev.pipeline.ingest.router;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.jboss.logging.Logger;

import dev.pipeline.envelope.CloudEventJson;
import dev.pipeline.ingest.config.IngestConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Hands one request's events to a router over HTTP (connections reused), in their order: chunks of at most
 * {@code max-batch-events}, each sent only after the previous one was confirmed stored; requests are spread over
 * the {@linkplain RouterEndpoints routers} by partition key. Calls block the
 * caller's (worker) thread: the JDK client's {@code sendAsync} completes every response on a new thread when
 * the common pool has a single worker (any machine with 2 cores): one thread start per request, in JFR.
 */
@Startup
@ApplicationScoped
public class RouterClient {

    private static final ObjectMapper RECEIPTS = new ObjectMapper();

    private static final Logger LOG = Logger.getLogger(RouterClient.class);

    private final HttpClient http;
    private final RouterEndpoints endpoints;
    private final String authorization;
    private final IngestConfig.Router config;
    private final MeterRegistry metrics;

    public RouterClient(IngestConfig config, MeterRegistry metrics) {
        this.config = config.router();
        this.metrics = metrics;
        if (this.config.maxBatchEvents() < 1) {
            throw new IllegalStateException("ingest.router.max-batch-events must be at least 1");
        }
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(this.config.connectTimeout())
                .build();
        this.endpoints = RouterEndpoints.of(this.config);
        this.authorization = this.config.token().filter(token -> !token.isBlank()).map(token -> "Bearer " + token.trim())
                .orElse(null);
        if (authorization == null) {
            LOG.warn("ingest.router.token is not set: the router refuses writes without its service credential");
        }
    }

    /**
     * Created at startup, opens a connection to each router and runs the forwarding path once with an empty batch
     * (which stores nothing), so that the first producer request does not pay ~0.5 s for it. A router may not be up
     * yet: then nothing happens.
     */
    @PostConstruct
    void warmUp() {
        for (URI uri : endpoints.attemptOrder("")) {
            try {
                send(uri, List.of());
            } catch (RouterUnavailableException | RouterRejectedException notUpYet) {
                // the first producer request will open the connection instead
            }
        }
    }

    /**
     * Sends events, each already encoded as structured JSON; returns once a router confirmed every one stored; throws
     * {@link RouterUnavailableException} or {@link RouterRejectedException} otherwise (some chunks may then be
     * stored: resending is safe). Each chunk goes to the router that stored the previous one, and to the next router
     * in turn when that one {@linkplain RouterDroppedException did not take it}. {@code partitionKey}: the first
     * event's, which chooses the router the request starts at.
     */
    public void write(String partitionKey, List<byte[]> events) {
        List<URI> order = endpoints.attemptOrder(partitionKey);
        int size = config.maxBatchEvents();
        for (int from = 0; from < events.size(); from += size) {
            order = writeChunk(order, events.subList(from, Math.min(events.size(), from + size)));
        }
    }

    /** Returns the order for the next chunk: starting at the router that stored this one. */
    private List<URI> writeChunk(List<URI> order, List<byte[]> chunk) {
        RouterDroppedException last = null;
        for (int i = 0; i < order.size(); i++) {
            try {
                send(order.get(i), chunk);
                return i == 0 ? order : rotated(order, i);
            } catch (RouterDroppedException dropped) {
                last = dropped;
                if (i + 1 < order.size()) {
                    metrics.counter("ingest.router.retries", "reason", dropped.reason()).increment();
                    LOG.debugf("Router %s did not take a write (%s); sending it to the next router", order.get(i),
                            dropped.getMessage());
                }
            }
        }
        throw last;
    }

    private static List<URI> rotated(List<URI> order, int start) {
        List<URI> rotated = new ArrayList<>(order.subList(start, order.size()));
        rotated.addAll(order.subList(0, start));
        return rotated;
    }

    private void send(URI writeUri, List<byte[]> chunk) {
        HttpRequest.Builder request = HttpRequest.newBuilder(writeUri)
                .timeout(config.timeout())
                .header("Content-Type", CloudEventJson.BATCH_MEDIA_TYPE)
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(batch(chunk)));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (HttpConnectTimeoutException | ConnectException e) {
            throw new RouterDroppedException("connect", "router unreachable: " + e, e, defaultRetryAfter());
        } catch (HttpTimeoutException e) {
            // the router may still be storing them, and the producer's time is spent: the producer resends
            throw new RouterUnavailableException("router did not answer in time: " + e, e, defaultRetryAfter());
        } catch (IOException e) {
            throw new RouterDroppedException("dropped", "router closed the connection before answering: " + e, e,
                    defaultRetryAfter());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RouterUnavailableException("interrupted while waiting for the router", e, defaultRetryAfter());
        }
        confirm(response, chunk.size());
    }

    private void confirm(HttpResponse<String> response, int sent) {
        int status = response.statusCode();
        if (status == 200) {
            int stored = storedCount(response.body());
            if (stored != sent) {
                throw new RouterUnavailableException("router confirmed " + stored + " of " + sent + " events", null,
                        defaultRetryAfter());
            }
            return;
        }
        if (status == 503) {
            throw new RouterDroppedException("unavailable", "router answered 503", null, retryAfter(response));
        }
        if (status == 429 || status >= 500) {
            throw new RouterUnavailableException("router answered " + status, null, retryAfter(response));
        }
        if (status == 401 || status == 403) {
            // ingest's own credential, not the producer's events: nothing stored, resending works once it is fixed
            LOG.errorf("The router refused ingest's service credential (%d): check ingest.router.token against the "
                    + "router's router.internal-api.token-hashes", status);
            throw new RouterUnavailableException("router refused ingest's credential: " + status, null, defaultRetryAfter());
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

    private long retryAfter(HttpResponse<String> response) {
        return response.headers().firstValue("Retry-After")
                .map(value -> {
                    try {
                        return Math.max(1, Long.parseLong(value.trim()));
                    } catch (NumberFormatException httpDate) {
                        return defaultRetryAfter();
                    }
                })
                .orElse(defaultRetryAfter());
    }

    private long defaultRetryAfter() {
        return Math.max(1, config.retryAfter().toSeconds());
    }
}
