package dev.pipeline.e2e.drill;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.pipeline.e2e.FrozenKinesis;
import dev.pipeline.e2e.RunningPipeline;
import dev.pipeline.infra.HttpImpairment;
import dev.pipeline.tools.drill.DrillReport;
import dev.pipeline.tools.drill.DrillRunner;
import dev.pipeline.tools.drill.DrillSettings;
import dev.pipeline.tools.drill.Scenario;

/** A short kinesis-hang drill on the packaged services: the emulator hangs mid-stream, and no event is lost. */
class DrillIT {

    private static RunningPipeline pipeline;

    @BeforeAll
    static void start() {
        // a short failback period, so the drill sees the router return to Kinesis
        pipeline = RunningPipeline.start(Map.of("router.health.failback-after", "2s"));
    }

    @AfterAll
    static void stop() {
        if (pipeline != null) {
            pipeline.close();
        }
    }

    @Test
    void kinesisHangLosesNothing() {
        DrillSettings settings = new DrillSettings(pipeline.ingest("/"), pipeline.delivery("/v1/stream"),
                pipeline.router("/"), RunningPipeline.PRODUCER_KEY, RunningPipeline.PARTNER_TOKEN, Scenario.KINESIS_HANG,
                40, 8, 2, Duration.ofSeconds(12), Duration.ofSeconds(3), Duration.ofSeconds(5),
                Duration.ofSeconds(60), Duration.ofSeconds(30), Duration.ZERO, HttpImpairment.NONE, HttpImpairment.NONE);

        DrillReport report = new DrillRunner(settings, new EmulatorFaults(), System.out).run();
        System.out.println(report.summary());
        System.out.println(report.jsonLine());

        assertAll(
                () -> assertTrue(report.outcome().acked() > 100, "events acknowledged: " + report.outcome().acked()),
                () -> assertEquals(0, report.outcome().lost(), "lost"),
                () -> assertEquals(0, report.outcome().duplicates(), "duplicates"),
                () -> assertEquals(0, report.outcome().outOfOrder(), "out of order"));
    }

    /** Hangs and resumes this test's emulator, and says whether it takes connections again. */
    private static final class EmulatorFaults extends FrozenKinesis {

        EmulatorFaults() {
            super(pipeline);
        }

        @Override
        public void thawKinesis() {
            super.thawKinesis();
            System.out.println("Kinesis endpoint accepts connections after the thaw: " + accepting());
        }

        private static boolean accepting() {
            try (java.net.Socket socket = new java.net.Socket()) {
                java.net.URI endpoint = pipeline.infra().kinesis().endpoint();
                socket.connect(new java.net.InetSocketAddress(endpoint.getHost(), endpoint.getPort()), 1000);
                return true;
            } catch (java.io.IOException e) {
                return false;
            }
        }
    }
}
