package dev.pipeline.infra.testing;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A minimal Server-Sent Events client for tests: parses the stream as the WHATWG EventSource does
 * (fields id, event, data, retry; comments; CR, LF or CRLF line ends) and collects the messages.
 */
public final class SseClient implements AutoCloseable {

    /** One dispatched message. */
    public record Message(String id, String event, String data) {
    }

    private final List<Message> messages = new CopyOnWriteArrayList<>();
    private final List<String> comments = new CopyOnWriteArrayList<>();
    private final Thread reader;
    private volatile int status;
    private volatile Long retry;
    private volatile boolean ended;
    private volatile java.io.InputStream body;
    private volatile SseLineParser parser;

    private SseClient(URI uri, Map<String, String> headers) {
        reader = new Thread(() -> read(uri, headers), "sse-client");
        reader.setDaemon(true);
        reader.start();
    }

    /** Connects to {@code uri} with the given request headers and reads until closed. */
    public static SseClient connect(URI uri, Map<String, String> headers) {
        return new SseClient(uri, headers);
    }

    public List<Message> messages() {
        return messages;
    }

    public List<String> comments() {
        return comments;
    }

    /** HTTP status once the response started, else 0. */
    public int status() {
        return status;
    }

    public Long retry() {
        return retry;
    }

    /**
     * The cursor an EventSource would send as Last-Event-ID on reconnecting: the id of the latest dispatched message,
     * including an id-only message; null before any.
     */
    public String lastEventId() {
        SseLineParser current = parser;
        return current == null ? null : current.lastEventId();
    }

    /** Whether the server ended the stream (or the connection failed). */
    public boolean ended() {
        return ended;
    }

    @Override
    public void close() {
        try {
            if (body != null) {
                body.close();
            }
        } catch (java.io.IOException ignored) {
            // closing a stream that broke already
        }
        reader.interrupt();
    }

    private void read(URI uri, Map<String, String> headers) {
        HttpClient client = HttpClient.newHttpClient();
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).header("Accept", "text/event-stream");
        headers.forEach(request::header);
        try {
            HttpResponse<java.io.InputStream> response = client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            body = response.body();
            status = response.statusCode();
            parse(new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8)));
        } catch (Exception e) {
            // connection closed or interrupted: the stream has ended
        } finally {
            ended = true;
        }
    }

    private void parse(BufferedReader in) throws java.io.IOException {
        parser = new SseLineParser(new SseLineParser.Handler() {
            @Override
            public void message(String lastEventId, String event, String data) {
                messages.add(new Message(lastEventId, event, data));
            }

            @Override
            public void comment(String text) {
                comments.add(text);
            }

            @Override
            public void retry(long millis) {
                retry = millis;
            }
        });
        String line;
        // BufferedReader.readLine treats CR, LF and CRLF as line ends, as the SSE grammar does
        while ((line = in.readLine()) != null) {
            parser.line(line);
        }
    }
}
