package dev.pipeline.e2e.drill;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.pipeline.e2e.RunningPipeline;
import dev.pipeline.infra.HttpImpairment;
import dev.pipeline.tools.drill.DrillReport;
import dev.pipeline.tools.drill.DrillRunner;
import dev.pipeline.tools.drill.DrillSettings;
import dev.pipeline.tools.drill.Faults;
import dev.pipeline.tools.drill.Scenario;

/**
 * A hung fallback costs the primary path nothing, on the packaged services: Kafka is frozen (SIGSTOP) while Kinesis
 * is healthy, and delivery, which cannot read Kafka either, goes on from Kinesis on the routers' promises, written to
 * Kinesis, not to write to Kafka. Delivery's idle timeout is set far beyond the hang here, so a feed that waited on
 * Kafka would hold every event stored during the hang until Kafka answers again.
 */
class KafkaHangIT {

    private static final int RATE = 40;
    private static final Duration HANG = Duration.ofSeconds(15);

    private static RunningPipeline pipeline;

    @BeforeAll
    static void start() {
        pipeline = RunningPipeline.start(Map.of(), Map.of("delivery.merge.idle-timeout", "60s"));
    }

    @AfterAll
    static void stop() {
        if (pipeline != null) {
            pipeline.close();
        }
    }

    @Test
    void aHungKafkaNeitherStallsTheFeedNorLosesAnEvent() {
        DrillSettings settings = new DrillSettings(pipeline.ingest("/"), pipeline.delivery("/v1/stream"),
                pipeline.router("/"), RunningPipeline.PRODUCER_KEY, RunningPipeline.PARTNER_TOKEN, Scenario.KAFKA_HANG,
                RATE, 8, 2, Duration.ofSeconds(30), Duration.ofSeconds(5), HANG, Duration.ofSeconds(60),
                Duration.ofSeconds(30), Duration.ofSeconds(3), HttpImpairment.NONE, HttpImpairment.NONE);

        DrillReport report = ValidDrill.run(() -> new DrillRunner(settings, new FrozenKafka(), System.out).run());

        assertAll(
                () -> assertEquals("PRIMARY", report.routerStateAtFault(), "the fault found the router on Kinesis"),
                () -> assertTrue(report.outcome().acked() > RATE * 20, "events acknowledged: " + report.outcome().acked()),
                () -> assertEquals(0, report.outcome().lost(), "lost"),
                () -> assertEquals(0, report.outcome().duplicates(), "duplicates"),
                () -> assertEquals(0, report.outcome().outOfOrder(), "out of order"),
                // events stored in the hang would wait up to its 15 s for a feed held by Kafka: a third of the run
                () -> assertTrue(report.e2e().p99Ms() < HANG.toMillis() / 3.0,
                        "end-to-end p99 " + report.e2e().p99Ms() + " ms: the feed waited on the hung Kafka"));
    }

    /** Freezes this test's broker for the outage and thaws it after. */
    private static final class FrozenKafka implements Faults {

        @Override
        public void freezeKinesis() {
            throw new UnsupportedOperationException("this test hangs Kafka only");
        }

        @Override
        public void thawKinesis() {
            throw new UnsupportedOperationException("this test hangs Kafka only");
        }

        @Override
        public void freezeKafka() {
            pipeline.infra().kafka().process().freeze();
        }

        @Override
        public void thawKafka() {
            pipeline.infra().kafka().process().thaw();
        }
    }
}
