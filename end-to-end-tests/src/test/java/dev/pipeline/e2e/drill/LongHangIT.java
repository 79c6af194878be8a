package dev.pipeline.e2e.drill;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import dev.pipeline.e2e.FrozenKinesis;
import dev.pipeline.e2e.RunningPipeline;
import dev.pipeline.infra.HttpImpairment;
import dev.pipeline.infra.TcpFaultProxy;
import dev.pipeline.tools.drill.DrillReport;
import dev.pipeline.tools.drill.DrillRunner;
import dev.pipeline.tools.drill.DrillSettings;
import dev.pipeline.tools.drill.Faults;
import dev.pipeline.tools.drill.Scenario;

/**
 * Per-key order through Kinesis hangs longer than the merge's idle timeout, on the packaged services. The emulator is
 * frozen (SIGSTOP) in the middle of keyed writes: the PutRecords calls in flight are stored only when it thaws, long
 * after the router rewrote them to Kafka and later events of their keys went out from there. Or it stores every write
 * at once and answers none: delivery reads those records only when it answers again, stored before their copies. Delivery remembers few
 * identities here (its duplicate window holds 1,200, fewer than the events the hang sends), so only the marked copies
 * keep those late originals from going out a second time, out of order.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LongHangIT {

    private static final int RATE = 80;
    private static final int KEYS = 16;
    /** Load before the measured run, until the router has held PRIMARY under it: the fault must find it on Kinesis. */
    private static final Duration WARM_UP = Duration.ofSeconds(5);

    private static RunningPipeline pipeline;

    @BeforeAll
    static void start() {
        pipeline = RunningPipeline.start(Map.of("router.health.failback-after", "8s"), Map.of(
                "delivery.history.max-events", "200",
                "delivery.history.dedup-window", "200",
                "delivery.merge.max-pending", "1000"));
    }

    @AfterAll
    static void stop() {
        if (pipeline != null) {
            pipeline.close();
        }
    }

    @Test
    @Order(1)
    void aHangTwiceTheIdleTimeoutKeepsEveryKeyInOrderThroughFailoverAndFailback() {
        DrillReport report = drill(Scenario.KINESIS_HANG, Duration.ofSeconds(40), Duration.ofSeconds(20),
                new EmulatorFaults());
        assertClean(report);
    }

    @Test
    @Order(2)
    void aSecondHangInsideTheFailbackPeriodKeepsEveryKeyInOrder() {
        // hung 12 s, answering for 3 s (the router recovering, not yet back: failback takes 8 s), hung 12 s more
        DrillReport report = drill(Scenario.KINESIS_HANG, Duration.ofSeconds(45), Duration.ofSeconds(12),
                new EmulatorFaults(Duration.ofSeconds(3), Duration.ofSeconds(12)));
        assertClean(report);
    }

    @Test
    @Order(3)
    void aKinesisStoringWritesItNeverAnswersKeepsEveryKeyInOrder() {
        // stored at once, shown to delivery only 20 s later: the originals sort before their copies and are late
        DrillReport report = drill(Scenario.KINESIS_UNANSWERED, Duration.ofSeconds(40), Duration.ofSeconds(20),
                new EmulatorFaults());
        assertClean(report);
    }

    private static DrillReport drill(Scenario scenario, Duration duration, Duration outage, Faults faults) {
        DrillSettings settings = new DrillSettings(pipeline.ingest("/"), pipeline.delivery("/v1/stream"),
                pipeline.router("/"), RunningPipeline.PRODUCER_KEY, RunningPipeline.PARTNER_TOKEN, scenario,
                RATE, KEYS, 2, duration, Duration.ofSeconds(5), outage, Duration.ofSeconds(90), Duration.ofSeconds(40),
                WARM_UP, HttpImpairment.NONE, HttpImpairment.NONE);
        return ValidDrill.run(() -> new DrillRunner(settings, faults, System.out).run());
    }

    private static void assertClean(DrillReport report) {
        assertAll(
                () -> assertEquals("PRIMARY", report.routerStateAtFault(), "the fault found the router writing to Kinesis"),
                () -> assertTrue(report.outcome().acked() > RATE * 20, "events acknowledged: " + report.outcome().acked()),
                () -> assertEquals(0, report.outcome().lost(), "lost"),
                () -> assertEquals(0, report.outcome().duplicates(), "duplicates"),
                () -> assertEquals(0, report.outcome().outOfOrder(), "out of order"));
    }

    /**
     * Silences the emulator's endpoint, or freezes the emulator; at the end of the outage thaws it, and for a flapping outage freezes it again after each
     * answering gap for the hang that follows (the fault's own timeline, not a wait for a condition).
     */
    private static final class EmulatorFaults extends FrozenKinesis {

        private final Duration[] gapsAndHangs;

        EmulatorFaults(Duration... gapsAndHangs) {
            super(pipeline);
            this.gapsAndHangs = gapsAndHangs;
        }

        @Override
        public void silenceKinesis() {
            pipeline.infra().kinesis().endpointMode(TcpFaultProxy.Mode.UNANSWERED);
        }

        @Override
        public void unsilenceKinesis() {
            pipeline.infra().kinesis().endpointMode(TcpFaultProxy.Mode.PASS);
        }

        @Override
        public void thawKinesis() {
            super.thawKinesis();
            for (int i = 0; i + 1 < gapsAndHangs.length; i += 2) {
                LockSupport.parkNanos(gapsAndHangs[i].toNanos());
                System.out.println("fault: Kinesis hangs again");
                pipeline.infra().kinesis().process().freeze();
                LockSupport.parkNanos(gapsAndHangs[i + 1].toNanos());
                pipeline.infra().kinesis().process().thaw();
                System.out.println("fault: Kinesis answers again");
            }
        }
    }
}
