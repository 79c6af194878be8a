package dev.pipeline.ingest.router;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

import dev.pipeline.envelope.CloudEvent;
import dev.pipeline.envelope.CloudEventJson;
import dev.pipeline.ingest.config.IngestConfig;
import jakarta.enterprise.context.ApplicationScoped;

/** Hands events to the router-service over HTTP (connections reused) and reports whether they were stored. */
@ApplicationScoped
public class RouterClient {

    private final HttpClient http;
    private final URI writeUri;
    private final IngestConfig.Router config;

    public RouterClient(IngestConfig config) {
        this.config = config.router();
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(this.config.connectTimeout())
                .build();
        this.writeUri = this.config.url().resolve("/v1/events");
    }

    /** Returns once the router confirmed every event stored; throws {@link RouterUnavailableException} otherwise. */
    public void write(List<CloudEvent> events) {
        HttpRequest request = HttpRequest.newBuilder(writeUri)
                .timeout(config.timeout())
                .header("Content-Type", CloudEventJson.BATCH_MEDIA_TYPE)
                .POST(HttpRequest.BodyPublishers.ofByteArray(CloudEventJson.writeBatch(events)))
                .build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new RouterUnavailableException("router unreachable: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RouterUnavailableException("interrupted while waiting for the router", e);
        }
        if (response.statusCode() != 200) {
            throw new RouterUnavailableException("router answered " + response.statusCode() + ": " + response.body(), null);
        }
    }
}
