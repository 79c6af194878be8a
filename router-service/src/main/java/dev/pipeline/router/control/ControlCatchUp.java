package dev.pipeline.router.control;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

import dev.pipeline.router.config.RouterConfig;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Holds a starting router until it has read the control topic to the end it had at start-up, so it never serves in
 * {@code router.mode} while the fleet has an override in force. Runs after the messaging channels are connected and
 * before the HTTP server opens; with Kafka unreachable it gives up after {@code router.control.catch-up-timeout}
 * and the router serves in {@code router.mode} until the control topic can be read (the one case where a fleet
 * override does not hold on a replica; see docs/adr/0051).
 */
@ApplicationScoped
public class ControlCatchUp {

    private static final Logger LOG = Logger.getLogger(ControlCatchUp.class);

    private final Map<String, Object> kafkaSettings;
    private final RouterConfig config;
    private final CountDownLatch reachedEnd = new CountDownLatch(1);
    private volatile long end = -1;
    private volatile long next;
    private volatile String outcome = "reading the control topic";

    public ControlCatchUp(@Identifier("default-kafka-broker") Map<String, Object> kafkaSettings, RouterConfig config) {
        this.kafkaSettings = kafkaSettings;
        this.config = config;
    }

    void catchUp(@Observes StartupEvent started) throws InterruptedException {
        Duration timeout = config.control().catchUpTimeout();
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            end = endOffset(timeout);
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            gaveUp("its end offset is unknown (" + e.getMessage() + ")");
            return;
        }
        checkReached();
        if (reachedEnd.await(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
            outcome = "read to offset " + end + " before serving";
            LOG.infof("Control topic read to its end (offset %d) before serving", end);
        } else {
            gaveUp("read to offset " + next + " of " + end + " within " + timeout);
        }
    }

    /** The consumer handled the record at {@code offset}. */
    void read(long offset) {
        next = Math.max(next, offset + 1);
        checkReached();
    }

    /** Whether the router has read the control topic as far as it reached at start-up (or gave up waiting). */
    public boolean done() {
        return reachedEnd.getCount() == 0 || outcome.startsWith("gave up");
    }

    /** What happened: read to the end, or why the router serves without it. */
    public String outcome() {
        return outcome;
    }

    private void checkReached() {
        if (end >= 0 && next >= end) {
            reachedEnd.countDown();
        }
    }

    private void gaveUp(String why) {
        outcome = "gave up: " + why + "; serving in router.mode until the control topic is read";
        LOG.warnf("Control topic not read before serving: %s. Serving in router.mode; a fleet override in force"
                + " applies once Kafka answers", why);
    }

    private long endOffset(Duration timeout) throws ExecutionException, TimeoutException, InterruptedException {
        Map<String, Object> settings = new HashMap<>(kafkaSettings);
        settings.putIfAbsent("client.id", "router-control-catch-up");
        TopicPartition partition = new TopicPartition(config.control().topic(), 0);
        try (Admin admin = Admin.create(settings)) {
            return admin.listOffsets(Map.of(partition, OffsetSpec.latest()),
                            new ListOffsetsOptions().timeoutMs((int) timeout.toMillis()))
                    .partitionResult(partition).get(timeout.toMillis(), TimeUnit.MILLISECONDS).offset();
        }
    }
}
