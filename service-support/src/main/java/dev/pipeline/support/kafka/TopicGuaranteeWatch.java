package dev.pipeline.support.kafka;

import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.jboss.logging.Logger;

import dev.pipeline.support.concurrent.DaemonThreads;

/**
 * Checks the event topic at start-up and every {@link TopicCheckSettings#interval()} after, on its own thread, and
 * keeps the latest verdict for readiness and metrics. A topic that loses a guarantee later (someone lowers
 * {@code min.insync.replicas}) is noticed within one interval; each change of verdict is logged once.
 */
public final class TopicGuaranteeWatch implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(TopicGuaranteeWatch.class);

    private final TopicGuaranteeCheck check;
    private final ScheduledExecutorService scheduler;
    private volatile TopicVerdict verdict = TopicVerdict.PENDING;

    private TopicGuaranteeWatch(TopicGuaranteeCheck check, TopicCheckSettings settings) {
        this.check = check;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("kafka-topic-check"));
        scheduler.scheduleWithFixedDelay(this::checkOnce, 0, settings.interval().toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Starts watching {@code topic} with the service's {@code kafka.*} client settings. */
    public static TopicGuaranteeWatch start(Map<String, Object> kafkaSettings, String topic, TopicCheckSettings settings) {
        return new TopicGuaranteeWatch(new TopicGuaranteeCheck(kafkaSettings, topic, TopicGuarantees.of(settings),
                settings.timeout()), settings);
    }

    /** The latest verdict. */
    public TopicVerdict verdict() {
        return verdict;
    }

    private void checkOnce() {
        TopicVerdict next;
        try {
            next = check.check();
        } catch (RuntimeException e) {
            next = TopicVerdict.unknown("topic check failed: " + e);
        }
        if (!next.equals(verdict)) {
            if (next.kept()) {
                LOG.info("Kafka topic keeps its guarantees");
            } else {
                LOG.warnf("Kafka topic does not keep its guarantees: %s", next.summary());
            }
        }
        verdict = next;
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        check.close();
    }
}
