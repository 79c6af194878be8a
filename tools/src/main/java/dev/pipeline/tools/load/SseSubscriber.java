package dev.pipeline.tools.load;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A partner reading {@code GET /v1/stream} without a thread of its own (the JDK client's line subscriber), which
 * reconnects whenever the stream ends and resumes with {@code Last-Event-ID}, as an EventSource does.
 */
public final class SseSubscriber implements AutoCloseable {

    /** Receives each dispatched message with the time its last line arrived (System.nanoTime). */
    public interface Listener {
        void onMessage(String id, String event, String data, long receivedNanos);
    }

    private static final long RECONNECT_DELAY_MS = 200;

    private final HttpClient http;
    private final URI stream;
    private final String authorization;
    private final Listener listener;
    private final AtomicInteger connects = new AtomicInteger();
    private volatile String lastEventId;
    private volatile int status;
    private volatile boolean open;
    private volatile boolean closed;

    public SseSubscriber(HttpClient http, URI stream, String partnerToken, Listener listener) {
        this.http = http;
        this.stream = stream;
        this.authorization = "Bearer " + partnerToken;
        this.listener = listener;
    }

    /** Opens the stream (asynchronously). */
    public SseSubscriber start() {
        connect();
        return this;
    }

    /** Whether a connection is open and answered 200. */
    public boolean connected() {
        return open && status == 200;
    }

    /** Connections opened so far: 1 plus the reconnects. */
    public int connects() {
        return connects.get();
    }

    public int lastStatus() {
        return status;
    }

    private void connect() {
        if (closed) {
            return;
        }
        connects.incrementAndGet();
        HttpRequest.Builder request = HttpRequest.newBuilder(stream).header("Accept", "text/event-stream")
                .header("Authorization", authorization);
        String cursor = lastEventId;
        if (cursor != null) {
            request.header("Last-Event-ID", cursor);
        }
        http.sendAsync(request.build(), info -> {
            status = info.statusCode();
            open = true;
            return HttpResponse.BodySubscribers.fromLineSubscriber(new Parser());
        }).whenComplete((response, error) -> {
            open = false;
            if (!closed) {
                CompletableFuture.delayedExecutor(RECONNECT_DELAY_MS, TimeUnit.MILLISECONDS).execute(this::connect);
            }
        });
    }

    @Override
    public void close() {
        closed = true;
        subscription().cancel();
    }

    private volatile Flow.Subscription current;

    private Flow.Subscription subscription() {
        Flow.Subscription subscription = current;
        return subscription != null ? subscription : new Flow.Subscription() {
            @Override
            public void request(long n) {
            }

            @Override
            public void cancel() {
            }
        };
    }

    /** The SSE grammar over lines: fields id, event, data; a blank line dispatches; comments are skipped. */
    private final class Parser implements Flow.Subscriber<String> {
        private String event;
        private String id;
        private StringBuilder data;

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            current = subscription;
            if (closed) {
                subscription.cancel();
                return;
            }
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(String line) {
            if (line.isEmpty()) {
                // as in EventSource, the id becomes the resume cursor only once its message is dispatched
                if (id != null) {
                    lastEventId = id;
                    id = null;
                }
                if (data != null && status == 200) {
                    listener.onMessage(lastEventId, event == null ? "message" : event, data.toString(), System.nanoTime());
                }
                event = null;
                data = null;
                return;
            }
            if (line.charAt(0) == ':') {
                return;
            }
            int colon = line.indexOf(':');
            String field = colon < 0 ? line : line.substring(0, colon);
            String value = colon < 0 ? "" : line.substring(colon + 1);
            if (value.startsWith(" ")) {
                value = value.substring(1);
            }
            switch (field) {
                case "id" -> id = value;
                case "event" -> event = value;
                case "data" -> data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
                default -> { }
            }
        }

        @Override
        public void onError(Throwable throwable) {
            // the stream broke: the completion handler reconnects
        }

        @Override
        public void onComplete() {
            // the server ended the stream: the completion handler reconnects
        }
    }
}
