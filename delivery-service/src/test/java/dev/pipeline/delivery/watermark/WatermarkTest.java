package dev.pipeline.delivery.watermark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.pipeline.delivery.merge.EventTime;
import dev.pipeline.envelope.KinesisHeartbeat;
import dev.pipeline.envelope.RouterHeartbeat;

/**
 * The watermark rule, one row per case, each naming the invariant it checks: nothing passes the watermark early (it
 * never rises above what a live source's reading or a router's promise shows), nothing waits for good (a dead
 * source stops holding it, and with none live everything goes).
 */
class WatermarkTest {

    private static final Instant T = Instant.parse("2026-12-01T12:00:00Z");
    private static final Duration KINESIS_ALLOWANCE = Duration.ofMillis(500);
    private static final Duration KAFKA_ALLOWANCE = Duration.ofMillis(100);

    /** A row: the two sources' progress, the heartbeats heard (each with when Kafka stored it), the watermark. */
    record Row(String invariant, SourceProgress kinesis, SourceProgress kafka, List<RouterHeartbeat> heartbeats,
               Optional<Instant> expected) {
        @Override
        public String toString() {
            return invariant;
        }
    }

    static Stream<Row> rows() {
        return Stream.of(
                new Row("the earliest live source bounds it, less its allowance",
                        kinesis(at(1_000)), kafka(at(2_000)), List.of(), Optional.of(at(500))),
                new Row("the other source may be the earliest",
                        kinesis(at(3_000)), kafka(at(2_000)), List.of(), Optional.of(at(1_900))),
                new Row("a dead source stops holding it",
                        SourceProgress.dead(), kafka(at(2_000)), List.of(), Optional.of(at(1_900))),
                new Row("with no live source everything goes",
                        SourceProgress.dead(), SourceProgress.dead(), List.of(), Optional.of(Instant.MAX)),
                new Row("a live source that has said nothing holds it where it is",
                        new SourceProgress(true, null, null, KINESIS_ALLOWANCE), kafka(at(2_000)), List.of(),
                        Optional.empty()),
                new Row("a source that handed over everything stored before a time is bounded by that time",
                        kinesis(at(5_000)), new SourceProgress(true, at(1_000), at(3_000), KAFKA_ALLOWANCE), List.of(),
                        Optional.of(at(3_000))),
                new Row("an earlier stored-through time never lowers the caught-up bound",
                        kinesis(at(5_000)), new SourceProgress(true, at(2_000), at(1_000), KAFKA_ALLOWANCE), List.of(),
                        Optional.of(at(1_900))),
                new Row("a source seen making records readable late waits that long instead of its allowance",
                        new SourceProgress(true, at(3_000), null, Duration.ofSeconds(2)), kafka(at(5_000)), List.of(),
                        Optional.of(at(1_000))),
                new Row("every router holding a lease raises Kinesis to the earliest lease, less Kinesis' allowance",
                        kinesis(at(1_000)), kafka(at(4_000)),
                        List.of(new RouterHeartbeat("a", at(3_800), null), new RouterHeartbeat("b", at(3_600), null)),
                        Optional.of(at(3_100))),
                new Row("a lease never reaches past Kafka's caught-up time plus the announcement delay",
                        kinesis(at(1_000)), new SourceProgress(true, at(2_000), at(10_000), KAFKA_ALLOWANCE),
                        List.of(new RouterHeartbeat("a", at(60_000), null)),
                        Optional.of(at(2_000).plus(RouterHeartbeat.ANNOUNCEMENT).minus(KINESIS_ALLOWANCE))),
                new Row("one router that may write to Kinesis keeps Kinesis to what was read",
                        kinesis(at(1_000)), kafka(at(4_000)),
                        List.of(new RouterHeartbeat("a", at(3_800), null), new RouterHeartbeat("b", null, null)),
                        Optional.of(at(500))),
                new Row("a lease counts only once Kinesis was read past the router's last record stored without a copy",
                        kinesis(at(1_000)), kafka(at(4_000)), List.of(new RouterHeartbeat("a", at(3_800), at(700))),
                        Optional.of(at(500))),
                new Row("leases need a live Kafka: they are read from it",
                        kinesis(at(1_000)), SourceProgress.dead(), List.of(new RouterHeartbeat("a", at(3_800), null)),
                        Optional.of(at(500))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void theWatermarkIsWhatTheSourcesAndTheRoutersAllow(Row row) {
        RouterLeases leases = new RouterLeases(Duration.ofSeconds(30));
        Instant storedAt = row.kafka().caughtUpAt() != null ? row.kafka().caughtUpAt() : T;
        row.heartbeats().forEach(heartbeat -> leases.heard(heartbeat, storedAt));

        Optional<Long> watermark = Watermark.compute(row.kinesis(), row.kafka(), leases);

        assertEquals(row.expected().map(at -> at.equals(Instant.MAX) ? Long.MAX_VALUE : EventTime.micros(at)), watermark,
                row.invariant());
    }

    @Test
    void leasesHeardThroughKinesisKeepAKafkaThatStoppedAnsweringFromHoldingTheFeed() {
        RouterLeases leases = new RouterLeases(Duration.ofSeconds(30));
        SourceProgress stalledKafka = kafka(at(1_000));
        leases.heard(new KinesisHeartbeat("a", at(4_200), null), at(3_200));
        assertEquals(Optional.of(EventTime.micros(at(3_500))), Watermark.compute(kinesis(at(4_000)), stalledKafka, leases),
                "Kafka raised to the lease less its allowance (4.1 s), so Kinesis' own bound (3.5 s) decides");
        assertEquals(Optional.of(EventTime.micros(at(900))), Watermark.compute(SourceProgress.dead(), stalledKafka, leases),
                "leases need a live Kinesis: they are read from it");
    }

    private static SourceProgress kinesis(Instant caughtUp) {
        return new SourceProgress(true, caughtUp, null, KINESIS_ALLOWANCE);
    }

    private static SourceProgress kafka(Instant caughtUp) {
        return new SourceProgress(true, caughtUp, null, KAFKA_ALLOWANCE);
    }

    private static Instant at(long millis) {
        return T.plusMillis(millis);
    }
}
