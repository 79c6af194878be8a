package dev.pipeline.support.kafka;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.jboss.logging.Logger;

import dev.pipeline.support.concurrent.DaemonThreads;

/**
 * Checks the event topic at start-up and every {@link TopicCheckSettings#interval()} after, on its own thread, and
 * keeps the latest verdict for readiness and metrics. A topic that loses a guarantee later (someone lowers
 * {@code min.insync.replicas}) is noticed within one interval; while the topic does not keep them, or could not be
 * described (brokers still starting), it is checked again within {@link #RECHECK}, so a fixed topic or a slow first
 * answer does not keep the service unready for a whole interval. A check that cannot describe the topic leaves the
 * last known verdict in place (Kafka being down says nothing about its topic's settings). Each change is logged once.
 */
public final class TopicGuaranteeWatch implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(TopicGuaranteeWatch.class);
    /** Longest wait before checking again a topic found wanting. */
    static final Duration RECHECK = Duration.ofSeconds(2);

    private final Supplier<TopicVerdict> check;
    private final AutoCloseable resources;
    private final Duration interval;
    private final ScheduledExecutorService scheduler;
    private volatile TopicVerdict verdict = TopicVerdict.PENDING;
    private volatile TopicVerdict lastAttempt = TopicVerdict.PENDING;

    TopicGuaranteeWatch(Supplier<TopicVerdict> check, AutoCloseable resources, Duration interval) {
        this.check = check;
        this.resources = resources;
        this.interval = interval;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("kafka-topic-check"));
        scheduler.execute(this::checkAndReschedule);
    }

    /** Starts watching {@code topic} with the service's {@code kafka.*} client settings. */
    public static TopicGuaranteeWatch start(Map<String, Object> kafkaSettings, String topic, TopicCheckSettings settings) {
        TopicGuaranteeCheck check = new TopicGuaranteeCheck(kafkaSettings, topic, TopicGuarantees.of(settings),
                settings.timeout());
        return new TopicGuaranteeWatch(check::check, check, settings.interval());
    }

    /** The latest verdict that described the topic (or {@link TopicVerdict#PENDING} until one did). */
    public TopicVerdict verdict() {
        return verdict;
    }

    /** The latest attempt's outcome, which may be {@link TopicVerdict.Status#UNKNOWN}. */
    public TopicVerdict lastAttempt() {
        return lastAttempt;
    }

    private void checkAndReschedule() {
        checkOnce();
        boolean settled = lastAttempt.status() == TopicVerdict.Status.KEPT;
        Duration next = settled || interval.compareTo(RECHECK) < 0 ? interval : RECHECK;
        try {
            scheduler.schedule(this::checkAndReschedule, next.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // closed while checking: the service is stopping
        }
    }

    private void checkOnce() {
        TopicVerdict next;
        try {
            next = check.get();
        } catch (RuntimeException e) {
            next = TopicVerdict.unknown("topic check failed: " + e);
        }
        if (!next.equals(lastAttempt)) {
            switch (next.status()) {
                case KEPT -> LOG.info("Kafka topic keeps its guarantees");
                case BROKEN -> LOG.warnf("Kafka topic does not keep its guarantees: %s", next.summary());
                case UNKNOWN -> LOG.warnf("Kafka topic not checked: %s", next.summary());
            }
        }
        lastAttempt = next;
        if (next.status() != TopicVerdict.Status.UNKNOWN) {
            verdict = next;
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        try {
            resources.close();
        } catch (Exception e) {
            LOG.debugf("closing the topic check: %s", e);
        }
    }
}
