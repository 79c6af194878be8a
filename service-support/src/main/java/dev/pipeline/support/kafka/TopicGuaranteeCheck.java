package dev.pipeline.support.kafka;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/** Describes the event topic through the Admin API and judges it against {@link TopicGuarantees}. */
public final class TopicGuaranteeCheck implements AutoCloseable {

    private final Admin admin;
    private final String topic;
    private final TopicGuarantees guarantees;
    private final Duration timeout;

    /** {@code kafkaSettings}: the service's {@code kafka.*} client settings (servers, TLS, SASL). */
    public TopicGuaranteeCheck(Map<String, Object> kafkaSettings, String topic, TopicGuarantees guarantees,
                               Duration timeout) {
        Map<String, Object> settings = new HashMap<>();
        // Only what an Admin client understands: producer or consumer keys in kafka.* would be logged as unknown.
        kafkaSettings.forEach((key, value) -> {
            if (AdminClientConfig.configNames().contains(key)) {
                settings.put(key, value);
            }
        });
        settings.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        settings.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        settings.putIfAbsent(AdminClientConfig.CLIENT_ID_CONFIG, "topic-check");
        this.admin = Admin.create(settings);
        this.topic = topic;
        this.guarantees = guarantees;
        this.timeout = timeout;
    }

    /** Reads the topic and says what, if anything, must change. */
    public TopicVerdict check() {
        try {
            return TopicVerdict.of(guarantees.violations(describe()));
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return TopicVerdict.unknown("topic " + topic + " does not exist: create it with "
                        + guarantees.topicConfig() + " and replication factor " + guarantees.minReplicationFactor());
            }
            return TopicVerdict.unknown("topic " + topic + " could not be described: " + e.getCause());
        } catch (TimeoutException e) {
            return TopicVerdict.unknown("topic " + topic + " could not be described within " + timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return TopicVerdict.unknown("topic check interrupted");
        }
    }

    private TopicState describe() throws ExecutionException, InterruptedException, TimeoutException {
        TopicDescription description = admin.describeTopics(Set.of(topic)).allTopicNames()
                .get(timeout.toMillis(), TimeUnit.MILLISECONDS).get(topic);
        int replicationFactor = description.partitions().stream().mapToInt(p -> p.replicas().size()).min().orElse(0);
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        Config config = admin.describeConfigs(List.of(resource)).all()
                .get(timeout.toMillis(), TimeUnit.MILLISECONDS).get(resource);
        Map<String, String> configs = new HashMap<>();
        for (ConfigEntry entry : config.entries()) {
            if (entry.value() != null) {
                configs.put(entry.name(), entry.value());
            }
        }
        return new TopicState(topic, replicationFactor, configs);
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(2));
    }
}
