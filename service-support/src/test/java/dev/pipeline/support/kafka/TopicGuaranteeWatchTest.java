package dev.pipeline.support.kafka;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

/**
 * A topic that cannot be described keeps its last known verdict (Kafka down is not a wrong topic), and a topic found
 * wanting is checked again well before the interval.
 */
class TopicGuaranteeWatchTest {

    static final TopicVerdict BROKEN = TopicVerdict.of(List.of("min.insync.replicas is 1, needs at least 2"));
    static final TopicVerdict KEPT = TopicVerdict.of(List.of());
    static final TopicVerdict UNREACHABLE = TopicVerdict.unknown("topic events could not be described within PT5S");

    @Test
    void anUndescribableTopicKeepsTheLastKnownVerdict() {
        try (TopicGuaranteeWatch watch = watch(BROKEN, UNREACHABLE)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> watch.lastAttempt().equals(UNREACHABLE));
            assertTrue(watch.verdict().broken(), "still known to be broken");
        }
    }

    @Test
    void aTopicNeverDescribedIsNotBroken() {
        try (TopicGuaranteeWatch watch = watch(UNREACHABLE)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> watch.lastAttempt().equals(UNREACHABLE));
            assertFalse(watch.verdict().broken());
            assertEquals(TopicVerdict.Status.UNKNOWN, watch.verdict().status());
        }
    }

    @Test
    void aBrokenTopicIsCheckedAgainBeforeTheInterval() {
        try (TopicGuaranteeWatch watch = watch(BROKEN, KEPT)) {
            // the interval is an hour: only the quick re-check can have found the topic fixed
            await().atMost(TopicGuaranteeWatch.RECHECK.plusSeconds(5)).until(() -> watch.verdict().equals(KEPT));
        }
    }

    /** A watch whose checks answer {@code verdicts} in turn, then repeat the last; the interval is an hour. */
    private static TopicGuaranteeWatch watch(TopicVerdict... verdicts) {
        ConcurrentLinkedQueue<TopicVerdict> answers = new ConcurrentLinkedQueue<>(List.of(verdicts));
        AtomicInteger calls = new AtomicInteger();
        return new TopicGuaranteeWatch(() -> {
            calls.incrementAndGet();
            return answers.size() > 1 ? answers.poll() : answers.peek();
        }, () -> { }, Duration.ofHours(1));
    }
}
