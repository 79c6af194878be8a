package dev.pipeline.support.kafka;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.jboss.logging.Logger;

import dev.pipeline.support.concurrent.DaemonThreads;

/**
 * Checks the event topic at start-up and every {@link TopicCheckSettings#interval()} after, on its own thread, and
 * keeps the latest verdict for readiness and metrics. A topic that loses a guarantee later (someone lowers
 * {@code min.insync.replicas}) is noticed within one interval; while the topic does not keep them, or could not be
 * described (brokers still starting), it is checked again within {@link #RECHECK}, so a fixed topic or a slow first
 * answer does not keep the service unready for a whole interval. Each change of verdict is logged once.
 */
public final class TopicGuaranteeWatch implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(TopicGuaranteeWatch.class);
    /** Longest wait before checking again a topic found wanting. */
    static final Duration RECHECK = Duration.ofSeconds(2);

    private final TopicGuaranteeCheck check;
    private final Duration interval;
    private final ScheduledExecutorService scheduler;
    private volatile TopicVerdict verdict = TopicVerdict.PENDING;

    private TopicGuaranteeWatch(TopicGuaranteeCheck check, TopicCheckSettings settings) {
        this.check = check;
        this.interval = settings.interval();
        this.scheduler = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("kafka-topic-check"));
        scheduler.execute(this::checkAndReschedule);
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

    private void checkAndReschedule() {
        checkOnce();
        Duration next = verdict.kept() || interval.compareTo(RECHECK) < 0 ? interval : RECHECK;
        try {
            scheduler.schedule(this::checkAndReschedule, next.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // closed while checking: the service is stopping
        }
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
