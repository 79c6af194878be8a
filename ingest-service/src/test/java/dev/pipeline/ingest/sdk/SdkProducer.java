package dev.pipeline.ingest.sdk;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

import io.cloudevents.CloudEvent;
import io.cloudevents.http.HttpMessageFactory;
import io.cloudevents.jackson.JsonFormat;

/**
 * A producer that encodes with the official CloudEvents Java SDK and sends over java.net.http; it needs only the
 * ingest base URL and a producer key, so it runs against the stub router or the whole pipeline alike.
 */
public final class SdkProducer {

    private static final JsonFormat FORMAT = new JsonFormat();

    private final HttpClient http = HttpClient.newHttpClient();
    private final URI events;
    private final String key;

    public SdkProducer(URI baseUrl, String producerKey) {
        this.events = baseUrl.resolve("/v1/events");
        this.key = producerKey;
    }

    /** Structured mode: the SDK writes the Content-Type and the JSON event format body. */
    public HttpResponse<String> structured(CloudEvent event) {
        HttpRequest.Builder request = request();
        byte[][] body = new byte[1][];
        HttpMessageFactory.createWriter(request::header, bytes -> body[0] = bytes).writeStructured(event, FORMAT);
        return send(request.POST(HttpRequest.BodyPublishers.ofByteArray(body[0])));
    }

    /** Binary mode: the SDK writes ce-* headers, Content-Type and the data as the body. */
    public HttpResponse<String> binary(CloudEvent event) {
        HttpRequest.Builder request = request();
        byte[][] body = {new byte[0]};
        HttpMessageFactory.createWriter(request::header, bytes -> body[0] = bytes == null ? new byte[0] : bytes)
                .writeBinary(event);
        return send(request.POST(HttpRequest.BodyPublishers.ofByteArray(body[0])));
    }

    /** Batched mode: the Java SDK has no batch writer, so the SDK's JSON event format is put into a JSON array. */
    public HttpResponse<String> batch(List<CloudEvent> batch) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write('[');
        for (int i = 0; i < batch.size(); i++) {
            if (i > 0) {
                body.write(',');
            }
            body.writeBytes(FORMAT.serialize(batch.get(i)));
        }
        body.write(']');
        return send(request().header("Content-Type", "application/cloudevents-batch+json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())));
    }

    private HttpRequest.Builder request() {
        return HttpRequest.newBuilder(events).header("Authorization", "Bearer " + key);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException("cannot reach ingest at " + events, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
