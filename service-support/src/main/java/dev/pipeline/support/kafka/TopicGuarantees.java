package dev.pipeline.support.kafka;

import dev.pipeline.envelope.EventStreams;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.config.TopicConfig;

/**
 * What the event topic must be configured with for "acknowledged means replicated" to hold, and for every event the
 * ingest limit admits to fit: the one source of truth for the services' start-up check, the chart's Strimzi
 * {@code KafkaTopic} and the docs.
 *
 * <p>Invariants: every partition has at least {@link #minReplicationFactor()} replicas; {@code min.insync.replicas}
 * is at least {@link #minInsyncReplicas()} (with the router's {@code acks=all}, a write is confirmed only once that
 * many replicas hold it); {@code message.timestamp.type} is {@code LogAppendTime} (delivery orders the merged feed by
 * the broker's append time); {@code max.message.bytes} is at least {@link #requiredMaxMessageBytes()}.
 */
public record TopicGuarantees(int minReplicationFactor, int minInsyncReplicas, int maxEventBytes) {

    /** Replicas a production topic gets: one more than it needs in sync, so a broker restart never stops writes. */
    public static final int PRODUCTION_REPLICATION_FACTOR = 3;
    /** Replicas that must hold a write before the router confirms it, in production. */
    public static final int PRODUCTION_MIN_INSYNC_REPLICAS = 2;
    /** The ingest limit on one event (its structured JSON), ingest's default. */
    public static final int DEFAULT_MAX_EVENT_BYTES = EventStreams.MAX_EVENT_BYTES;
    /** The timestamp type delivery's merge needs: the broker's append time, stamped in order per partition. */
    public static final String TIMESTAMP_TYPE = "LogAppendTime";
    /**
     * Room a record batch needs beyond the event itself: the batch header (61 bytes), the record's own framing, the
     * partition key sent as the record key, and the header names ({@code ce_*}) the structured JSON does not carry.
     */
    public static final int RECORD_OVERHEAD_BYTES = 16_384;

    /** The production guarantees for an event size limit. */
    public static TopicGuarantees production(int maxEventBytes) {
        return new TopicGuarantees(PRODUCTION_REPLICATION_FACTOR, PRODUCTION_MIN_INSYNC_REPLICAS, maxEventBytes);
    }

    /** The guarantees a service is configured to check. */
    public static TopicGuarantees of(TopicCheckSettings settings) {
        return new TopicGuarantees(settings.minReplicationFactor(), settings.minInsyncReplicas(),
                settings.maxEventBytes());
    }

    /** The smallest {@code max.message.bytes} that takes the largest event ingest admits. */
    public int requiredMaxMessageBytes() {
        return maxEventBytes + RECORD_OVERHEAD_BYTES;
    }

    /** The topic-level settings a topic keeping these guarantees is created with (as Kafka names them). */
    public Map<String, String> topicConfig() {
        Map<String, String> config = new LinkedHashMap<>();
        config.put(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, Integer.toString(minInsyncReplicas));
        config.put(TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG, TIMESTAMP_TYPE);
        config.put(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(requiredMaxMessageBytes()));
        return config;
    }

    /**
     * What is wrong with a topic, one sentence per setting to change, each naming the setting and the value it needs;
     * empty when the topic keeps every guarantee.
     */
    public List<String> violations(TopicState topic) {
        List<String> violations = new ArrayList<>();
        if (topic.replicationFactor() < minReplicationFactor) {
            violations.add("topic " + topic.name() + ": replication factor is " + topic.replicationFactor()
                    + ", needs at least " + minReplicationFactor + " (reassign partitions or recreate the topic with"
                    + " --replication-factor " + minReplicationFactor + ")");
        }
        int minInsync = integer(topic, TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG);
        if (minInsync < minInsyncReplicas) {
            violations.add(setting(topic, TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, "at least " + minInsyncReplicas,
                    Integer.toString(minInsyncReplicas)));
        }
        String timestampType = topic.configs().get(TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG);
        if (!TIMESTAMP_TYPE.equals(timestampType)) {
            violations.add(setting(topic, TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG, TIMESTAMP_TYPE, TIMESTAMP_TYPE));
        }
        int maxMessageBytes = integer(topic, TopicConfig.MAX_MESSAGE_BYTES_CONFIG);
        if (maxMessageBytes < requiredMaxMessageBytes()) {
            violations.add(setting(topic, TopicConfig.MAX_MESSAGE_BYTES_CONFIG, "at least " + requiredMaxMessageBytes()
                    + " (events up to " + maxEventBytes + " bytes)", Integer.toString(requiredMaxMessageBytes())));
        }
        return violations;
    }

    private static String setting(TopicState topic, String name, String needed, String value) {
        return "topic " + topic.name() + ": " + name + " is " + topic.configs().get(name) + ", needs " + needed
                + " (kafka-configs --alter --entity-type topics --entity-name " + topic.name() + " --add-config "
                + name + "=" + value + ")";
    }

    private static int integer(TopicState topic, String name) {
        String value = topic.configs().get(name);
        try {
            return value == null ? -1 : Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
