package dev.pipeline.ingest.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import dev.pipeline.envelope.CloudEvent;
import dev.pipeline.envelope.CloudEventJson;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * A stand-in for the router's write API: records every batch it is sent and answers as told (store, 503,
 * 4xx, a short receipt, hang until released, close the connection without answering), or stops listening altogether.
 */
public class StubRouter implements QuarkusTestResourceLifecycleManager {

    /** How the stub answers the next writes. */
    public enum Answer { STORE, UNAVAILABLE, REJECT, REFUSE_EVENT, SHORT_RECEIPT, HANG, UNAUTHORIZED, DROP }

    /** The detail of the stub's 422 problem, as the router words a sink's refusal of an event. */
    public static final String REFUSAL = "kinesis write failed (INVALID): Kinesis refused event e-1 (index 0)";

    /** Retry-After the stub sends with 503. */
    public static final int RETRY_AFTER_SECONDS = 7;

    private final List<List<CloudEvent>> received = new CopyOnWriteArrayList<>();
    private final List<List<CloudEvent>> stored = new CopyOnWriteArrayList<>();
    private final List<String> authorizations = new CopyOnWriteArrayList<>();
    private final AtomicInteger hanging = new AtomicInteger();
    private final AtomicInteger storesBeforeAnswer = new AtomicInteger();
    private volatile Answer answer = Answer.STORE;
    private volatile CountDownLatch release = new CountDownLatch(1);
    private ExecutorService executor;
    private HttpServer server;
    private int port;

    @Override
    public Map<String, String> start() {
        executor = Executors.newCachedThreadPool();
        listen(0);
        return Map.of("ingest.router.url", "http://127.0.0.1:" + port);
    }

    @Override
    public void stop() {
        release.countDown();
        if (server != null) {
            server.stop(0);
        }
        executor.shutdownNow();
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(this, new TestInjector.AnnotatedAndMatchesType(InjectStubRouter.class, StubRouter.class));
    }

    /** Back to storing everything, with nothing recorded and the port open. */
    public synchronized void reset() {
        release.countDown();
        release = new CountDownLatch(1);
        answer = Answer.STORE;
        storesBeforeAnswer.set(0);
        received.clear();
        stored.clear();
        authorizations.clear();
        if (server == null) {
            listen(port);
        }
    }

    /** Answers every write as given from now on. */
    public void answer(Answer next) {
        answer(next, 0);
    }

    /** Stores the next {@code stores} writes, then answers as given. */
    public void answer(Answer next, int stores) {
        storesBeforeAnswer.set(stores);
        answer = next;
    }

    /** Lets every hanging write go on (they are then stored). */
    public void releaseHanging() {
        release.countDown();
    }

    /** Stops listening: connections are refused until {@link #reset()}. */
    public synchronized void goDown() {
        server.stop(0);
        server = null;
    }

    /** The stub's base URL. */
    public String url() {
        return "http://127.0.0.1:" + port;
    }

    /** Every batch sent, in arrival order, whatever the answer. */
    public List<List<CloudEvent>> received() {
        return List.copyOf(received);
    }

    /** The Authorization header of every batch sent ("" when there was none), in arrival order. */
    public List<String> authorizations() {
        return List.copyOf(authorizations);
    }

    /** Every event answered 200, in arrival order. */
    public List<CloudEvent> storedEvents() {
        List<CloudEvent> all = new ArrayList<>();
        stored.forEach(all::addAll);
        return all;
    }

    /** Writes currently held open by {@link Answer#HANG}. */
    public int hanging() {
        return hanging.get();
    }

    private void listen(int onPort) {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), onPort), 64);
        } catch (IOException e) {
            throw new IllegalStateException("stub router cannot listen on " + onPort, e);
        }
        server.setExecutor(executor);
        server.createContext("/v1/events", this::handle);
        server.start();
        port = server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange; InputStream body = exchange.getRequestBody()) {
            List<CloudEvent> events = CloudEventJson.parseBatch(body.readAllBytes());
            if (events.isEmpty()) { // ingest's warm-up at startup: stores nothing, so not recorded
                respond(exchange, 200, "{\"sink\":\"stub\",\"events\":0}");
                return;
            }
            received.add(events);
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            authorizations.add(authorization == null ? "" : authorization);
            Answer now = storesBeforeAnswer.getAndUpdate(n -> Math.max(0, n - 1)) > 0 ? Answer.STORE : answer;
            if (now == Answer.HANG) {
                hanging.incrementAndGet();
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    hanging.decrementAndGet();
                }
                now = Answer.STORE;
            }
            if (now == Answer.DROP) {
                return; // closes the connection without a byte of answer, as a router killed mid-request
            }
            switch (now) {
                case STORE -> {
                    stored.add(events);
                    respond(exchange, 200, "{\"sink\":\"stub\",\"events\":" + events.size() + "}");
                }
                case SHORT_RECEIPT -> respond(exchange, 200, "{\"sink\":\"stub\",\"events\":" + (events.size() - 1) + "}");
                case UNAVAILABLE -> {
                    exchange.getResponseHeaders().add("Retry-After", String.valueOf(RETRY_AFTER_SECONDS));
                    respond(exchange, 503, "{\"type\":\"not-stored\"}");
                }
                case REFUSE_EVENT -> respond(exchange, 422, "{\"type\":\"https://pipeline.dev/problems/event-refused\","
                        + "\"status\":422,\"detail\":\"" + REFUSAL + "\"}");
                case UNAUTHORIZED -> respond(exchange, 401, "{\"type\":\"unauthorized\"}");
                default -> respond(exchange, 400, "{\"type\":\"invalid-event\"}");
            }
        }
    }

    private static void respond(HttpExchange exchange, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
