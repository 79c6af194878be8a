package dev.pipeline.router.control;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.pipeline.envelope.ControlTopic;
import dev.pipeline.router.api.OverrideAudit;
import dev.pipeline.router.config.RouterConfig;
import dev.pipeline.support.concurrent.DaemonThreads;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Publishes to the control topic. Override changes are published in the order this router accepted them, each as its
 * audit entry and as the fleet's override, and resent until Kafka acknowledges both: a change accepted while Kafka is
 * unreachable reaches the fleet when Kafka is back. Statuses are sent once; the next one replaces a lost one.
 */
@ApplicationScoped
public class ControlPublisher {

    private static final Logger LOG = Logger.getLogger(ControlPublisher.class);

    private final Emitter<String> emitter;
    private final ObjectMapper json;
    private final RouterConfig config;
    private final Deque<OverrideAudit.Entry> unconfirmed = new ArrayDeque<>();
    private final ScheduledExecutorService retries =
            Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("control-publish-retry"));
    private boolean sending;

    public ControlPublisher(@Channel(ControlChannels.OUT) Emitter<String> emitter, ObjectMapper json,
                            RouterConfig config) {
        this.emitter = emitter;
        this.json = json;
        this.config = config;
    }

    /** Queues an override change for the fleet; it is published after every change accepted before it. */
    public synchronized void publishChange(OverrideAudit.Entry change) {
        unconfirmed.addLast(change);
        sendNext();
    }

    /** Changes accepted here that Kafka has not acknowledged yet. */
    public synchronized int unconfirmedChanges() {
        return unconfirmed.size();
    }

    /** Publishes a status record under {@code key}; a failure is only logged (the next status follows soon). */
    public void publishStatus(String key, Object status) {
        send(key, write(status)).exceptionally(error -> {
            LOG.debugf("Status %s not published: %s", key, error.getMessage());
            return null;
        });
    }

    private synchronized void sendNext() {
        if (sending || unconfirmed.isEmpty()) {
            return;
        }
        sending = true;
        OverrideAudit.Entry change = unconfirmed.peekFirst();
        String value = write(change);
        // the audit entry first: a reader that sees the override has its entry already
        send(ControlTopic.AUDIT_PREFIX + change.id(), value)
                .thenCompose(ignored -> send(ControlTopic.OVERRIDE_KEY, value))
                .whenComplete((ignored, error) -> sent(change, error));
    }

    private synchronized void sent(OverrideAudit.Entry change, Throwable error) {
        sending = false;
        if (error == null) {
            unconfirmed.remove(change);
            LOG.infof("Override change %s (%s -> %s) published to the fleet", change.id(), change.before(),
                    change.after());
            sendNext();
            return;
        }
        LOG.warnf("Override change %s not yet published to the control topic (%s); retrying every %s", change.id(),
                error.getMessage(), config.control().publishRetry());
        retries.schedule(this::sendNext, config.control().publishRetry().toMillis(), TimeUnit.MILLISECONDS);
    }

    private CompletableFuture<Void> send(String key, String value) {
        CompletableFuture<Void> acknowledged = new CompletableFuture<>();
        Message<String> message = Message.of(value)
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(key).build())
                .withAck(() -> {
                    acknowledged.complete(null);
                    return CompletableFuture.completedFuture(null);
                })
                .withNack(error -> {
                    acknowledged.completeExceptionally(error);
                    return CompletableFuture.completedFuture(null);
                });
        try {
            emitter.send(message);
        } catch (RuntimeException e) {
            acknowledged.completeExceptionally(e);
        }
        return acknowledged;
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write control record: " + e.getMessage(), e);
        }
    }

    @PreDestroy
    void close() {
        retries.shutdownNow();
    }
}
