package dev.pipeline.router.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.pipeline.infra.testing.MutableClock;

class RoutingStateMachineTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2020-11-25T13:00:00Z"));
    private final List<Transition> seen = new ArrayList<>();
    private boolean kafkaWritable = true;
    private final RoutingStateMachine machine =
            new RoutingStateMachine(clock, Duration.ofSeconds(30), 10, seen::add, () -> kafkaWritable);

    @Test
    void theFirstFailureMovesWritesAwayAtOnce() {
        machine.kinesisFailed("stalled");
        assertEquals(RoutingState.FAILING_OVER, machine.state());
        assertFalse(machine.state().writesToKinesis());
        machine.evaluate(1);
        assertEquals(RoutingState.FAILING_OVER, machine.state(), "old calls still in flight");
        machine.evaluate(0);
        assertEquals(RoutingState.FALLBACK, machine.state());
    }

    @Test
    void aFailureWhileKafkaIsNotWritableKeepsWritesOnKinesisUntilKafkaIsBack() {
        kafkaWritable = false;
        machine.kinesisFailed("stalled");
        machine.evaluate(0);
        assertEquals(RoutingState.PRIMARY, machine.state());
        assertEquals("stalled", machine.failoverWithheld());
        assertTrue(seen.isEmpty());

        kafkaWritable = true;
        machine.evaluate(0);
        assertEquals(RoutingState.PRIMARY, machine.state(), "Kafka's return alone moves nothing");
        machine.kinesisFailed("stalled again");
        assertEquals(RoutingState.FAILING_OVER, machine.state());
        assertNull(machine.failoverWithheld());
    }

    @Test
    void aWithheldFailoverEndsWhenKinesisIsHealthyAgain() {
        kafkaWritable = false;
        machine.kinesisFailed("stalled");
        machine.kinesisHealthy("probe ok");
        assertNull(machine.failoverWithheld());
        assertEquals(RoutingState.PRIMARY, machine.state());
    }

    @Test
    void aKafkaFailureWhileRecoveringMovesWritesBackToKinesisAtOnceAndNowhereElse() {
        kafkaWritable = false;
        machine.evaluate(0);
        assertEquals(RoutingState.PRIMARY, machine.state(), "in PRIMARY a dead Kafka changes nothing");
        kafkaWritable = true;
        fallback();
        kafkaWritable = false;
        machine.evaluate(0);
        assertEquals(RoutingState.FALLBACK, machine.state(), "Kinesis is not known healthy yet");
        machine.kinesisHealthy("probe ok");
        assertEquals(RoutingState.RECOVERING, machine.state());
        machine.evaluate(0);
        assertEquals(RoutingState.PRIMARY, machine.state());
        assertTrue(machine.transitions().get(0).reason().contains("Kafka failed"));
    }

    @Test
    void failbackOnlyAfterKinesisStayedHealthyForTheWholePeriod() {
        fallback();
        machine.kinesisHealthy("probe ok");
        assertEquals(RoutingState.RECOVERING, machine.state());
        clock.advance(Duration.ofSeconds(29));
        machine.evaluate(0);
        assertEquals(RoutingState.RECOVERING, machine.state());
        clock.advance(Duration.ofSeconds(1));
        machine.evaluate(0);
        assertEquals(RoutingState.PRIMARY, machine.state());
    }

    @Test
    void flappingSignalsNeverMoveWritesBackAndForth() {
        fallback();
        for (int i = 0; i < 100; i++) {
            machine.kinesisHealthy("probe ok");
            clock.advance(Duration.ofSeconds(20));
            machine.evaluate(0);
            machine.kinesisFailed("probe failed");
            clock.advance(Duration.ofSeconds(20));
            machine.evaluate(0);
            assertFalse(machine.state().writesToKinesis(), "writes stayed on Kafka at round " + i);
        }
        long routeChanges = seen.stream().filter(t -> t.from().writesToKinesis() != t.to().writesToKinesis()).count();
        assertEquals(1, routeChanges, "only the initial failover changed where writes go");
    }

    @Test
    void healthySignalsInPrimaryChangeNothingAndTransitionsAreRecordedNewestFirst() {
        machine.kinesisHealthy("probe ok");
        assertEquals(RoutingState.PRIMARY, machine.state());
        assertTrue(machine.transitions().isEmpty());
        fallback();
        List<Transition> transitions = machine.transitions();
        assertEquals(RoutingState.FALLBACK, transitions.get(0).to());
        assertEquals("stalled", transitions.get(1).reason());
    }

    private void fallback() {
        machine.kinesisFailed("stalled");
        machine.evaluate(0);
        assertEquals(RoutingState.FALLBACK, machine.state());
    }

    @Test
    void aSlowKinesisNeitherFailsOverNorIsFailedBackTo() {
        machine.kinesisDoubtful("probe took 420 ms");
        assertEquals(RoutingState.PRIMARY, machine.state(), "a slow answer is no failover signal");

        machine.kinesisFailed("browned out");
        machine.evaluate(0);
        machine.kinesisDoubtful("probe took 420 ms");
        assertEquals(RoutingState.FALLBACK, machine.state(), "a slow answer starts no failback");
        machine.kinesisHealthy("probe ok");
        clock.advance(Duration.ofSeconds(20));
        machine.kinesisDoubtful("probe took 420 ms");
        assertEquals(RoutingState.FALLBACK, machine.state(), "a slow answer restarts the failback");
        machine.kinesisHealthy("probe ok");
        clock.advance(Duration.ofSeconds(20));
        machine.evaluate(0);
        assertEquals(RoutingState.RECOVERING, machine.state(), "the failback period counts from the last slow answer");
        clock.advance(Duration.ofSeconds(10));
        machine.evaluate(0);
        assertEquals(RoutingState.PRIMARY, machine.state());
    }
}
