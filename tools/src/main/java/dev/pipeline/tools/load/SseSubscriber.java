package dev.pipeline.tools.load;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.pipeline.infra.testing.SseLineParser;

/**
 * A partner reading {@code GET /v1/stream} without a thread of its own (the JDK client's line subscriber), which
 * reconnects whenever the stream ends and resumes with {@code Last-Event-ID}, as an EventSource does (to the next
 * delivery replica when given several).
 */
public final class SseSubscriber implements AutoCloseable {

    /** Receives each dispatched message with the time its last line arrived (System.nanoTime). */
    public interface Listener {
        void onMessage(String id, String event, String data, long receivedNanos);
    }

    private static final long RECONNECT_DELAY_MS = 200;

    private final HttpClient http;
    private final List<URI> streams;
    private volatile int streamIndex;
    private final String authorization;
    private final Listener listener;
    private final AtomicInteger connects = new AtomicInteger();
    private volatile String lastEventId;
    private volatile int status;
    private volatile boolean open;
    private volatile boolean closed;

    public SseSubscriber(HttpClient http, URI stream, String partnerToken, Listener listener) {
        this(http, List.of(stream), partnerToken, listener);
    }

    /**
     * A partner of a fleet of delivery replicas (as behind a load balancer): it stays on one while its stream lasts
     * and reconnects to the next one in turn whenever the stream ends.
     */
    public SseSubscriber(HttpClient http, List<URI> streams, String partnerToken, Listener listener) {
        this.http = http;
        this.streams = List.copyOf(streams);
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
        HttpRequest.Builder request = HttpRequest.newBuilder(streams.get(streamIndex)).header("Accept", "text/event-stream")
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
            streamIndex = (streamIndex + 1) % streams.size();
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

    /** Feeds the stream's lines to the shared SSE parser; the parser's cursor is what a reconnect resumes from. */
    private final class Parser implements Flow.Subscriber<String> {
        private final SseLineParser lines = new SseLineParser((cursor, event, data) -> {
            lastEventId = cursor;
            if (status == 200) {
                listener.onMessage(cursor, event, data, System.nanoTime());
            }
        });

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
            lines.line(line);
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
