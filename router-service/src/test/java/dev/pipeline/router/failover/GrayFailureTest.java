package dev.pipeline.router.failover;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.pipeline.infra.KafkaBroker;
import dev.pipeline.infra.KinesisEmulator;
import dev.pipeline.infra.testing.InjectKafkaBroker;
import dev.pipeline.infra.testing.KafkaBrokerResource;
import dev.pipeline.router.lease.KinesisLease;
import dev.pipeline.router.routing.RoutingPolicy;
import dev.pipeline.router.routing.RoutingState;
import dev.pipeline.router.routing.Transition;
import dev.pipeline.router.sink.EventSink;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;

/**
 * Gray failures of a real Kinesis endpoint (the emulator behind an impairing proxy) while producers write: a brownout
 * and an error episode each move writes to Kafka once, keep them there while the episode lasts (longer than the
 * failback period: no flapping), and move them back once after it, losing nothing.
 */
@QuarkusTest
@TestProfile(GrayFailureTest.FrequentProbes.class)
@WithTestResource(value = KafkaBrokerResource.class, parallel = true)
@WithTestResource(value = ImpairedKinesisResource.class, parallel = true)
class GrayFailureTest {

    /** The fast failover profile, with a probe every 100 ms: a failback needs 30 clean probes in a row. */
    public static class FrequentProbes extends FastFailoverProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> overrides = new HashMap<>(super.getConfigOverrides());
            overrides.put("router.health.probe-interval", "100ms");
            return overrides;
        }
    }

    /** Well beyond the failback period (and the probes that start one), so a failback during the episode is caught. */
    private static final Duration EPISODE = Duration.ofMillis(FastFailoverProfile.FAILBACK_AFTER_MS * 3);

    @InjectKafkaBroker
    KafkaBroker kafka;

    ImpairedKinesisProxy proxy;

    KinesisEmulator kinesis;

    @Inject
    RoutingPolicy policy;

    @Inject
    KinesisLease lease;

    @TestHTTPResource("/v1/events")
    URI writeUri;

    @BeforeEach
    void awaitPrimary() {
        proxy.heal();
        await().atMost(Duration.ofSeconds(30)).until(() -> policy.machine().state() == RoutingState.PRIMARY
                && lease.kinesisWritesFrom() != null && !Instant.now().isBefore(lease.kinesisWritesFrom()));
    }

    @Test
    void aBrownoutMovesWritesToKafkaOnceKeepsThemThereAndBackOnceAfter() throws Exception {
        // no tail: every probe answers, slowly, and only the slowness tells a browned-out Kinesis from a healthy one
        episode(ImpairedKinesisProxy.Impairment.slowed(Duration.ofMillis(400)), "brownout");
    }

    @Test
    void errorsOnAShareOfCallsAndEntriesMoveWritesToKafkaOnceKeepThemThereAndBackOnceAfter() throws Exception {
        episode(new ImpairedKinesisProxy.Impairment(Duration.ZERO, 0, Duration.ZERO, 0.5, 0.3), "errors");
    }

    private void episode(ImpairedKinesisProxy.Impairment impairment, String run) throws Exception {
        try (KeyedProducers producers = new KeyedProducers(writeUri, run, 3)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> producers.acks() >= 20);
            awaitPrimary();
            Instant start = Instant.now();
            proxy.impair(impairment);
            try {
                await().atMost(Duration.ofSeconds(5)).until(() -> EventSink.KAFKA.equals(policy.target()));
                await().during(EPISODE).atMost(EPISODE.plusSeconds(2))
                        .until(() -> EventSink.KAFKA.equals(policy.target()));
                int acks = producers.acks();
                await().atMost(Duration.ofSeconds(10)).until(() -> producers.acks() >= acks + 20);
            } finally {
                proxy.heal();
            }
            Instant healed = Instant.now();
            await().atMost(Duration.ofSeconds(30)).until(() -> policy.machine().state() == RoutingState.PRIMARY);
            List<Transition> episode = transitionsFrom(start, healed);
            assertEquals(1, episode.stream().filter(t -> t.to() == RoutingState.FAILING_OVER).count(),
                    "one failover: " + episode);
            assertEquals(1, episode.stream().filter(t -> t.to() == RoutingState.PRIMARY).count(),
                    "one failback: " + episode);
            assertTrue(episode.stream().filter(t -> t.to() == RoutingState.PRIMARY)
                    .allMatch(t -> !t.time().isBefore(healed)), "no failback before the episode ended: " + episode);
            int acks = producers.acks();
            await().atMost(Duration.ofSeconds(10)).until(() -> producers.acks() >= acks + 10);
            producers.close();
            assertEveryAcknowledgedEventStored(producers);
        }
    }

    /** Transitions from {@code start} up to and including the first return to PRIMARY after {@code healed}, oldest first. */
    private List<Transition> transitionsFrom(Instant start, Instant healed) {
        List<Transition> oldestFirst = new ArrayList<>(policy.machine().transitions());
        Collections.reverse(oldestFirst);
        List<Transition> episode = new ArrayList<>();
        for (Transition transition : oldestFirst) {
            if (!transition.time().isBefore(start)) {
                episode.add(transition);
                if (transition.to() == RoutingState.PRIMARY && !transition.time().isBefore(healed)) {
                    break;
                }
            }
        }
        return episode;
    }

    private void assertEveryAcknowledgedEventStored(KeyedProducers producers) {
        Set<String> stored = new HashSet<>();
        Stream.concat(StoredEvents.inKinesis(kinesis).stream(), StoredEvents.inKafka(kafka).stream())
                .forEach(event -> stored.add(event.id()));
        producers.acknowledged().forEach((key, sequences) -> sequences.forEach(sequence -> assertTrue(
                stored.contains(KeyedProducers.idOf(key, sequence)), "acknowledged but not stored: " + key + "-" + sequence)));
    }
}
