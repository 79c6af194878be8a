package dev.pipeline.support.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Each guarantee, broken on its own, is reported naming the setting and the value it needs. */
class TopicGuaranteesTest {

    static final TopicGuarantees PRODUCTION = TopicGuarantees.production(1_048_576);

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            kept                        | 3 | 2 | LogAppendTime | 1064960 |
            two replicas                | 2 | 2 | LogAppendTime | 1064960 | replication factor is 2, needs at least 3
            one in sync                 | 3 | 1 | LogAppendTime | 1064960 | min.insync.replicas is 1, needs at least 2
            producer's timestamps       | 3 | 2 | CreateTime    | 1064960 | message.timestamp.type is CreateTime, needs LogAppendTime
            Kafka's default size        | 3 | 2 | LogAppendTime | 1048588 | max.message.bytes is 1048588, needs at least 1064960
            """)
    void eachSettingIsJudgedOnItsOwn(String what, int replicas, int minInsync, String timestampType, int maxMessageBytes,
                                     String expected) {
        Map<String, String> configs = new HashMap<>();
        configs.put("min.insync.replicas", Integer.toString(minInsync));
        configs.put("message.timestamp.type", timestampType);
        configs.put("max.message.bytes", Integer.toString(maxMessageBytes));
        List<String> violations = PRODUCTION.violations(new TopicState("events", replicas, configs));
        if (expected == null) {
            assertEquals(List.of(), violations, what);
        } else {
            assertEquals(1, violations.size(), () -> what + ": " + violations);
            assertTrue(violations.get(0).contains(expected), () -> what + ": " + violations);
        }
    }

    @ParameterizedTest(name = "a topic created with topicConfig() keeps the guarantees, {0}")
    @CsvSource({"1048576", "262144"})
    void theSettingsToCreateATopicWithKeepTheGuarantees(int maxEventBytes) {
        TopicGuarantees guarantees = TopicGuarantees.production(maxEventBytes);
        assertEquals(List.of(), guarantees.violations(new TopicState("events",
                TopicGuarantees.PRODUCTION_REPLICATION_FACTOR, guarantees.topicConfig())));
    }
}
