package dev.pipeline.support.kafka;

import java.util.Map;

/** A topic as the brokers describe it: its smallest partition replica count and its effective topic-level settings. */
public record TopicState(String name, int replicationFactor, Map<String, String> configs) {
}
