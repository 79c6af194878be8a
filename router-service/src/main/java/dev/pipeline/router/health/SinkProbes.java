package dev.pipeline.router.health;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.jboss.logging.Logger;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

import dev.pipeline.router.config.RouterConfig;
import dev.pipeline.router.routing.RoutingPolicy;
import dev.pipeline.support.concurrent.DaemonThreads;
import io.quarkus.runtime.Startup;
import io.smallrye.common.annotation.Identifier;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.LimitExceededException;

/**
 * Active probes on a schedule, each with a short timeout: Kinesis DescribeStreamSummary of the stream, Kafka
 * metadata of the topic. They notice a recovered Kinesis (and start failback) and a dead sink nobody writes to. A
 * Kinesis probe slower than the brownout latency is no sign of health: a browned-out Kinesis is not failed back to.
 */
@Startup
@ApplicationScoped
public class SinkProbes {

    private static final Logger LOG = Logger.getLogger(SinkProbes.class);

    private final KinesisClient kinesis;
    private final Admin kafkaAdmin;
    private final SinkHealths health;
    private final RoutingPolicy policy;
    private final RouterConfig config;
    private final GrayFailureRule grayFailure;
    private int consecutiveKinesisFailures;
    private final ScheduledExecutorService kinesisProber = daemon("kinesis-probe");
    private final ScheduledExecutorService kafkaProber = daemon("kafka-probe");

    public SinkProbes(KinesisClient kinesis, @Identifier("default-kafka-broker") Map<String, Object> kafkaSettings,
                      SinkHealths health, RoutingPolicy policy, RouterConfig config) {
        this.kinesis = kinesis;
        this.health = health;
        this.policy = policy;
        this.config = config;
        this.grayFailure = GrayFailureRule.of(config.health());
        Map<String, Object> settings = new HashMap<>(kafkaSettings);
        int timeoutMs = (int) config.health().probeTimeout().toMillis();
        settings.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, timeoutMs);
        settings.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeoutMs);
        settings.put(AdminClientConfig.CLIENT_ID_CONFIG, "router-probe");
        this.kafkaAdmin = Admin.create(settings);
        // one thread per sink, so a hung Kinesis probe never delays the Kafka one; not the Quarkus scheduler,
        // which runs jobs at most once a second
        long interval = config.health().probeInterval().toMillis();
        kinesisProber.scheduleWithFixedDelay(() -> safely(this::probeKinesis), 0, interval, TimeUnit.MILLISECONDS);
        kafkaProber.scheduleWithFixedDelay(() -> safely(this::probeKafka), 0, interval, TimeUnit.MILLISECONDS);
    }

    private static ScheduledExecutorService daemon(String name) {
        return Executors.newSingleThreadScheduledExecutor(DaemonThreads.named(name));
    }

    private static void safely(Runnable probe) {
        try {
            probe.run();
        } catch (RuntimeException e) {
            LOG.error("Probe failed unexpectedly", e);
        }
    }

    void probeKinesis() {
        long start = System.nanoTime();
        try {
            kinesis.describeStreamSummary(r -> r.streamName(config.kinesis().stream())
                    .overrideConfiguration(o -> o.apiCallTimeout(config.health().probeTimeout())
                            .apiCallAttemptTimeout(config.health().probeTimeout())
                            // one attempt: a probe that needs the SDK's retries to succeed is not a healthy answer
                            .addPlugin(client -> client.overrideConfiguration(client.overrideConfiguration().toBuilder()
                                    .retryStrategy(AwsRetryStrategy.doNotRetry()).build()))));
        } catch (LimitExceededException e) {
            return; // the probe itself was rate limited: says nothing about writes
        } catch (RuntimeException e) {
            health.kinesis().probed(false, millisSince(start), describe(e));
            // one failed probe is noise; a run of them is an impairment even when no write has failed yet
            if (++consecutiveKinesisFailures >= config.health().probeFailuresToFailover()) {
                policy.machine().kinesisFailed(consecutiveKinesisFailures + " Kinesis probes failed, last with "
                        + e.getClass().getSimpleName());
            } else {
                policy.machine().kinesisDoubtful("Kinesis probe failed with " + e.getClass().getSimpleName());
            }
            return;
        }
        long latency = millisSince(start);
        health.kinesis().probed(true, latency, null);
        consecutiveKinesisFailures = 0;
        if (grayFailure.tooSlow(latency)) {
            // answered, so no failover on it (writes judge a brownout); but no failback to a browned-out Kinesis
            policy.machine().kinesisDoubtful("Kinesis probe answered after " + latency + " ms");
        } else {
            policy.machine().kinesisHealthy("Kinesis probe succeeded");
        }
    }

    void probeKafka() {
        long start = System.nanoTime();
        try {
            kafkaAdmin.describeTopics(List.of(config.kafka().topic())).allTopicNames()
                    .get(config.health().probeTimeout().toMillis(), TimeUnit.MILLISECONDS);
            health.kafka().probed(true, millisSince(start), null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            health.kafka().probed(false, millisSince(start), describe(e));
        }
    }

    @PreDestroy
    void close() {
        kinesisProber.shutdownNow();
        kafkaProber.shutdownNow();
        kafkaAdmin.close(Duration.ofSeconds(2));
    }

    /** What went wrong, for operators: the underlying cause's message, or its type when it has none. */
    static String describe(Throwable failure) {
        Throwable cause = failure instanceof ExecutionException && failure.getCause() != null ? failure.getCause() : failure;
        return cause.getMessage() != null ? cause.getMessage() : cause.getClass().getSimpleName();
    }

    private static long millisSince(long start) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    }
}
