package dev.pipeline.router.lease;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.jboss.logging.Logger;

import dev.pipeline.envelope.CloudEvent;
import dev.pipeline.envelope.KinesisCopyNotice;
import dev.pipeline.router.config.RouterConfig;
import dev.pipeline.support.concurrent.DaemonThreads;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Tells every delivery replica, through the control topic, which events this router wrote to Kafka as copies of
 * Kinesis writes ({@link KinesisCopyNotice}): a replica started after a copy went by still knows it, so a Kinesis
 * original that turns up later is a duplicate there too. Identities are gathered and sent every second, a notice at
 * most {@value #MAX_PER_NOTICE} of them; a notice Kafka does not take is sent again. Notices older than the retention
 * are removed from the compacted topic ({@link #expired}).
 */
@ApplicationScoped
public class KinesisCopyNotices {

    static final int MAX_PER_NOTICE = 2_000;
    private static final Logger LOG = Logger.getLogger(KinesisCopyNotices.class);

    private final Producer<String, byte[]> producer;
    private final RouterConfig config;
    private final String router;
    private final List<CloudEvent.EventIdentity> due = new ArrayList<>();
    private final ScheduledExecutorService timer =
            Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("kinesis-copy-notices"));
    private long sequence;

    public KinesisCopyNotices(Producer<String, byte[]> producer, RouterConfig config, KinesisLease lease) {
        this.producer = producer;
        this.config = config;
        this.router = lease.router();
    }

    void start(@Observes StartupEvent started) {
        timer.scheduleWithFixedDelay(this::send, 1, 1, TimeUnit.SECONDS);
    }

    /** Kafka confirmed these copies of Kinesis writes. */
    public synchronized void copied(List<CloudEvent> copies) {
        copies.forEach(copy -> due.add(copy.identity()));
    }

    /** Whether a notice stored at {@code storedAt} is past the retention (any router may remove it). */
    public boolean isExpired(Instant storedAt) {
        return storedAt.isBefore(Instant.now().minus(config.lease().copyNoticeRetention()));
    }

    /** Removes the notice under {@code key} from the compacted topic (a tombstone). */
    public void expired(String key) {
        producer.send(new ProducerRecord<>(config.control().topic(), 0, key, null));
    }

    private void send() {
        List<CloudEvent.EventIdentity> batch;
        long number;
        synchronized (this) {
            if (due.isEmpty()) {
                return;
            }
            List<CloudEvent.EventIdentity> head = due.subList(0, Math.min(MAX_PER_NOTICE, due.size()));
            batch = List.copyOf(head);
            head.clear();
            number = ++sequence;
        }
        try {
            producer.send(new KinesisCopyNotice(batch).toRecord(config.control().topic(), router, number))
                    .get(config.kafka().deliveryTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            LOG.debugf("Notice of %d copies not stored yet (%s); sent again", batch.size(), e.getMessage());
            synchronized (this) {
                due.addAll(0, batch);
            }
        }
    }

    @PreDestroy
    void close() {
        timer.shutdownNow();
        send(); // what is due when the router stops
    }
}
