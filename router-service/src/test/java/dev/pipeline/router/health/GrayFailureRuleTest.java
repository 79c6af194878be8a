package dev.pipeline.router.health;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The gray-failure rule from a table: what recent Kinesis calls count as an impairment, and what never does. */
class GrayFailureRuleTest {

    private final GrayFailureRule rule = new GrayFailureRule(Duration.ofMillis(300), 0.1, 5);

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            # case                                     | calls | median ms | entries | failed | throttled | Kafka ms | impaired
            healthy                                    |    50 |        20 |     500 |      0 |         0 |       10 | false
            too few calls to judge                     |     4 |      2000 |       4 |      4 |         0 |       10 | false
            a share of entries failing                 |    50 |        20 |     500 |     50 |         0 |       10 | true
            a few entries failing                      |    50 |        20 |     500 |     49 |         0 |       10 | false
            every call failing                         |     5 |       700 |       5 |      5 |         0 |       10 | true
            throttling alone                           |    50 |        20 |     500 |      0 |       400 |       10 | false
            every call slowed by 400 ms                |    50 |       420 |      50 |      0 |         0 |       10 | true
            a long tail under a fast median            |    50 |        40 |      50 |      0 |         0 |       10 | false
            slow, but Kafka slower still               |    50 |       420 |      50 |      0 |         0 |      500 | false
            at the brownout latency                    |    50 |       300 |      50 |      0 |         0 |       10 | true
            """)
    void judgesRecentCalls(String description, int calls, long medianMs, int entries, int failed, int throttled,
                           long kafkaMs, boolean impaired) {
        KinesisCalls.Recent recent = new KinesisCalls.Recent(calls, medianMs, entries, failed, throttled);
        assertEquals(impaired, rule.impairment(recent, kafkaMs).isPresent(), description);
    }
}
