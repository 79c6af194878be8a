package dev.pipeline.router.failover;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import dev.pipeline.envelope.CloudEvent;
import dev.pipeline.envelope.CloudEventJson;
import dev.pipeline.router.InternalApi;

/**
 * Producers writing keyed events to the router, one thread per key, each sending its key's events in sequence
 * and resending an event until it is acknowledged (as a producer that must not lose events does).
 */
final class KeyedProducers implements AutoCloseable {

    private final URI writeUri;
    private final String run;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final List<Thread> threads = new ArrayList<>();
    private final Map<String, List<Integer>> acknowledged = new ConcurrentHashMap<>();
    private final AtomicInteger acks = new AtomicInteger();
    private final AtomicInteger refusals = new AtomicInteger();
    private volatile boolean running = true;

    KeyedProducers(URI writeUri, String run, int keys) {
        this.writeUri = writeUri;
        this.run = run;
        for (int k = 0; k < keys; k++) {
            String key = run + "-key-" + k;
            acknowledged.put(key, new CopyOnWriteArrayList<>());
            Thread thread = new Thread(() -> produce(key), "producer-" + key);
            thread.setDaemon(true);
            threads.add(thread);
            thread.start();
        }
    }

    int acks() {
        return acks.get();
    }

    int refusals() {
        return refusals.get();
    }

    /** Acknowledged sequence numbers per key. */
    Map<String, List<Integer>> acknowledged() {
        return acknowledged;
    }

    static String idOf(String key, int sequence) {
        return key + "-" + sequence;
    }

    private void produce(String key) {
        int sequence = 0;
        while (running) {
            CloudEvent event = CloudEventJson.parse("{\"specversion\":\"1.0\",\"id\":\"" + idOf(key, sequence)
                    + "\",\"source\":\"/failover-test/" + run + "\",\"type\":\"test.keyed\",\"partitionkey\":\"" + key
                    + "\",\"data\":{\"seq\":" + sequence + "}}");
            if (send(event)) {
                acknowledged.get(key).add(sequence);
                acks.incrementAndGet();
                sequence++;
            } else {
                refusals.incrementAndGet();
            }
        }
    }

    private boolean send(CloudEvent event) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(writeUri)
                    .timeout(Duration.ofSeconds(10))
                    .header("Content-Type", CloudEventJson.BATCH_MEDIA_TYPE)
                    .header("Authorization", InternalApi.AUTHORIZATION)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(CloudEventJson.writeBatch(List.of(event))))
                    .build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200;
        } catch (java.io.IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
            return false;
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        for (Thread thread : threads) {
            thread.join(15000);
        }
    }
}
