package dev.pipeline.tools.load;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import dev.pipeline.envelope.CloudEventJson;

/** Posts events to ingest's {@code POST /v1/events} as a producer does. */
public final class IngestClient {

    /** The answer: HTTP status (0 on an I/O error or timeout) and the Retry-After in ms (0 when absent). */
    public record Answer(int status, long retryAfterMillis) {
        public boolean accepted() {
            return status == 202;
        }
    }

    private final HttpClient http;
    private final URI events;
    private final String authorization;
    private final Duration timeout;

    public IngestClient(HttpClient http, URI ingestUrl, String producerKey, Duration timeout) {
        this.http = http;
        this.events = ingestUrl.resolve("/v1/events");
        this.authorization = "Bearer " + producerKey;
        this.timeout = timeout;
    }

    /** Sends one structured event. */
    public Answer send(String eventJson) {
        return post(CloudEventJson.MEDIA_TYPE, eventJson);
    }

    /** Sends one event structured, more as one batch: the form a producer uses for that many. */
    public Answer sendAll(List<String> eventJsons) {
        return eventJsons.size() == 1 ? send(eventJsons.get(0)) : sendBatch(eventJsons);
    }

    /** Sends events as one batch ({@code application/cloudevents-batch+json}). */
    public Answer sendBatch(List<String> eventJsons) {
        return post(CloudEventJson.BATCH_MEDIA_TYPE, "[" + String.join(",", eventJsons) + "]");
    }

    private Answer post(String contentType, String body) {
        HttpRequest request = HttpRequest.newBuilder(events).timeout(timeout)
                .header("Content-Type", contentType).header("Authorization", authorization)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        try {
            HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
            long retryAfter = response.headers().firstValue("Retry-After").map(IngestClient::seconds).orElse(0L);
            return new Answer(response.statusCode(), retryAfter);
        } catch (IOException e) {
            return new Answer(0, 0);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer(0, 0);
        }
    }

    private static long seconds(String value) {
        try {
            return (long) (Double.parseDouble(value.trim()) * 1000);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
