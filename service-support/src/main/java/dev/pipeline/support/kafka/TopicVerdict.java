package dev.pipeline.support.kafka;

import java.util.List;

/**
 * The outcome of one topic check: whether the topic keeps its guarantees, and if not, what to change. A topic that
 * could not be described does not keep them as far as anyone can tell.
 */
public record TopicVerdict(boolean kept, List<String> problems) {

    /** The verdict before the first check has answered. */
    public static final TopicVerdict PENDING = new TopicVerdict(false, List.of("topic not checked yet"));

    static TopicVerdict of(List<String> violations) {
        return new TopicVerdict(violations.isEmpty(), List.copyOf(violations));
    }

    static TopicVerdict unknown(String reason) {
        return new TopicVerdict(false, List.of(reason));
    }

    /** The problems as one line for a health check's data. */
    public String summary() {
        return kept ? "keeps its guarantees" : String.join("; ", problems);
    }
}
