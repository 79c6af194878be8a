package dev.pipeline.tools.drill;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

import dev.pipeline.infra.Directories;
import dev.pipeline.infra.EndpointControl;
import dev.pipeline.infra.HttpImpairment;
import dev.pipeline.infra.LocalInfraMain;
import dev.pipeline.infra.TcpFaultProxy;
import dev.pipeline.tools.LocalStack;

/** The gray-failure scenarios' wiring: the faults each injects and ends, and what reaches the stack's launcher. */
class GrayScenariosTest {

    private static final HttpImpairment BROWNOUT = HttpImpairment.brownout(Duration.ofMillis(400), 0.1, Duration.ofMillis(1200));
    private static final HttpImpairment ERRORS = HttpImpairment.errors(0.5);

    @Test
    void eachScenarioInjectsItsGrayFailureAndHealsKinesisAfter() {
        List<String> calls = new ArrayList<>();
        Faults recorder = new Faults() {
            public void freezeKinesis() { calls.add("freeze"); }
            public void thawKinesis() { calls.add("thaw"); }
            public void brownoutKinesis() { calls.add("brownout"); }
            public void failKinesisCalls() { calls.add("errors"); }
            public void healKinesis() { calls.add("heal"); }
        };
        Scenario brownout = Scenario.fromCli("kinesis-brownout");
        brownout.inject(recorder);
        brownout.recover(recorder);
        Scenario errors = Scenario.fromCli("kinesis-errors");
        errors.inject(recorder);
        errors.recover(recorder);

        assertEquals(List.of("brownout", "heal", "errors", "heal"), calls);
        assertTrue(brownout.failsOver() && errors.failsOver(), "both are expected to move writes to Kafka and back");
    }

    @Test
    void theLocalStacksKinesisEndpointIsSilencedThroughItsLauncherAndAnswersAgain() throws Exception {
        Path state = Directories.createTemp("pipeline-silenced-scenario-");
        Path infra = Files.createDirectories(state.resolve("infra"));
        List<TcpFaultProxy.Mode> applied = new CopyOnWriteArrayList<>();
        LocalStack stack = new LocalStack(state, state, URI.create("http://localhost:1"), URI.create("http://localhost:1"),
                URI.create("http://localhost:1"), URI.create("http://localhost:1"), "key", "token", "admin");
        try (EndpointControl launcher = EndpointControl.start(infra, LocalInfraMain.KINESIS_ENDPOINT, applied::add)) {
            Scenario unanswered = Scenario.fromCli("kinesis-unanswered");
            LocalStackFaults faults = new LocalStackFaults(stack, BROWNOUT, ERRORS);
            unanswered.inject(faults);
            unanswered.recover(faults);
            assertEquals(List.of(TcpFaultProxy.Mode.UNANSWERED, TcpFaultProxy.Mode.PASS), applied);
            assertTrue(unanswered.failsOver());
        } finally {
            Directories.deleteRecursively(state);
        }
    }

    @Test
    void theLocalStacksKinesisEndpointIsImpairedThroughItsLauncherAndHealed() throws Exception {
        Path state = Directories.createTemp("pipeline-gray-scenarios-");
        Path infra = Files.createDirectories(state.resolve("infra"));
        List<HttpImpairment> applied = new CopyOnWriteArrayList<>();
        LocalStack stack = new LocalStack(state, state, URI.create("http://localhost:1"), URI.create("http://localhost:1"),
                URI.create("http://localhost:1"), URI.create("http://localhost:1"), "key", "token", "admin");
        try (EndpointControl launcher = EndpointControl.startImpairments(infra, LocalInfraMain.KINESIS_IMPAIRMENT, applied::add)) {
            LocalStackFaults faults = new LocalStackFaults(stack, BROWNOUT, ERRORS);
            faults.brownoutKinesis();
            faults.healKinesis();
            faults.failKinesisCalls();
            faults.healKinesis();
            assertEquals(List.of(BROWNOUT, HttpImpairment.NONE, ERRORS, HttpImpairment.NONE), applied);
        } finally {
            Directories.deleteRecursively(state);
        }
    }
}
