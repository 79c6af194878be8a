package dev.pipeline.support.kafka;

import java.util.List;

/**
 * The outcome of one topic check: the topic keeps its guarantees, breaks some (each problem names the setting to
 * change), or could not be described (brokers unreachable, no rights). Only a broken topic makes a service unready:
 * an unreachable Kafka is the sink and source checks' business, and must not take a router off Kinesis' traffic.
 */
public record TopicVerdict(Status status, List<String> problems) {

    /** What the check found out. */
    public enum Status {
        /** Every guarantee holds. */
        KEPT,
        /** At least one setting is wrong. */
        BROKEN,
        /** The topic could not be described. */
        UNKNOWN
    }

    /** The verdict before the first check has answered. */
    public static final TopicVerdict PENDING = unknown("topic not checked yet");

    static TopicVerdict of(List<String> violations) {
        return new TopicVerdict(violations.isEmpty() ? Status.KEPT : Status.BROKEN, List.copyOf(violations));
    }

    static TopicVerdict unknown(String reason) {
        return new TopicVerdict(Status.UNKNOWN, List.of(reason));
    }

    /** Whether the topic is known to break a guarantee. */
    public boolean broken() {
        return status == Status.BROKEN;
    }

    /** The problems as one line for a health check's data. */
    public String summary() {
        return status == Status.KEPT ? "keeps its guarantees" : String.join("; ", problems);
    }
}
