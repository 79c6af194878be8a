package dev.pipeline.support.kafka;

import java.time.Duration;

import io.smallrye.config.WithDefault;

/**
 * Settings of the Kafka topic check, shared by the router's and delivery's config mappings (each nests it under its
 * own prefix, e.g. {@code router.kafka.topic-check}). The defaults are production's; the local profile lowers the
 * replica counts to its single broker.
 */
public interface TopicCheckSettings {

    /** Whether the topic is checked at all (off only where the client may not describe topic configs). */
    @WithDefault("true")
    boolean enabled();

    /** Fewest replicas each partition of the topic must have. */
    @WithDefault("" + TopicGuarantees.PRODUCTION_REPLICATION_FACTOR)
    int minReplicationFactor();

    /** Lowest min.insync.replicas the topic may have: replicas that hold a write before it is confirmed. */
    @WithDefault("" + TopicGuarantees.PRODUCTION_MIN_INSYNC_REPLICAS)
    int minInsyncReplicas();

    /** Largest event ingest admits (ingest.limits.max-event-bytes); the topic's max.message.bytes must take it. */
    @WithDefault("" + TopicGuarantees.DEFAULT_MAX_EVENT_BYTES)
    int maxEventBytes();

    /** How often the topic is checked again after start-up. */
    @WithDefault("60s")
    Duration interval();

    /** Longest the brokers may take to describe the topic. */
    @WithDefault("5s")
    Duration timeout();
}
