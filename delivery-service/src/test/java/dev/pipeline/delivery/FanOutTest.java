package dev.pipeline.delivery;

import static dev.pipeline.delivery.DeliveryTestProfile.ALL_KEY;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.pipeline.envelope.CloudEvent;
import dev.pipeline.infra.KafkaBroker;
import dev.pipeline.infra.KinesisEmulator;
import dev.pipeline.infra.testing.InjectKafkaBroker;
import dev.pipeline.infra.testing.InjectKinesisEmulator;
import dev.pipeline.infra.testing.KafkaBrokerResource;
import dev.pipeline.infra.testing.KinesisEmulatorResource;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;

/** Fan-out: many partners share each event's frames; one that stops reading is cut off and slows nobody. */
@QuarkusTest
@TestProfile(FanOutTestProfile.class)
@WithTestResource(value = KafkaBrokerResource.class, parallel = true)
@WithTestResource(value = KinesisEmulatorResource.class, parallel = true,
        initArgs = @ResourceArg(name = KinesisEmulatorResource.CONFIG_PREFIX, value = "delivery.kinesis"))
class FanOutTest {

    private static final int FAST_PARTNERS = 500;
    private static final int EVENTS = 300;
    /** Large events for the slow partner only: more than the socket buffers on both ends hold (up to 4 MiB each). */
    private static final int LARGE_EVENTS = 1500;
    /** Generous: behaviour is under test, not speed, on a machine the whole suite shares. */
    private static final Duration WAIT = Duration.ofSeconds(120);

    @InjectKafkaBroker
    KafkaBroker kafka;

    @InjectKinesisEmulator
    KinesisEmulator kinesis;

    @Inject
    MeterRegistry registry;

    @TestHTTPResource("/v1/stream")
    URI stream;

    /**
     * The slow partner also receives large events the fast ones filter out, so its socket fills early; the fast ones
     * must still receive every event of theirs, and none of them is cut off.
     */
    @Test
    void aPartnerReadingSlowlyBesideFiveHundredFastOnesIsCutOffWhileTheyGetEverything() throws Exception {
        String padding = "x".repeat(8000);
        try (SourceWriter sources = new SourceWriter(kafka, kinesis);
             FanOutReaders fast = new FanOutReaders(URI.create(stream + "?subjectPrefix=fan/small/"), ALL_KEY,
                     FAST_PARTNERS);
             StalledClient slow = new StalledClient(URI.create(stream + "?subjectPrefix=fan/"), ALL_KEY)) {
            assertTrue(slow.readHead().startsWith("HTTP/1.1 200"));
            double before = slowDisconnects();
            await().atMost(WAIT).until(() -> fast.readers().stream().allMatch(FanOutReaders.Reader::open));
            Set<String> expected = new HashSet<>();
            for (int i = 0; i < LARGE_EVENTS; i++) {
                if (i % (LARGE_EVENTS / EVENTS) == 0) {
                    String id = "fan-small-" + expected.size();
                    expected.add(id);
                    sources.toKafkaAsync(TestEvents.event(id, "test.event", "fan/small/k", "small-" + i % 4, Instant.now()));
                }
                CloudEvent large = TestEvents.event("fan-large-" + i, "test.event", "fan/large/k", "large-" + i % 4,
                        Instant.now()).withExtension("padding", padding);
                sources.toKafkaAsync(large);
            }
            sources.flush();

            await().atMost(WAIT).until(() -> slowDisconnects() > before);
            // read only now: a partner that read on would no longer be slow
            String seen = slow.readToEnd();
            assertTrue(seen.contains(": disconnected: slow-consumer"), "the slow partner is cut off and told why");
            await().atMost(WAIT).until(() -> fast.readers().stream().allMatch(r -> r.received() >= EVENTS));
            for (FanOutReaders.Reader reader : fast.readers()) {
                assertEquals(expected, reader.eventIds(), "a fast partner got every event of its own");
                assertFalse(reader.ended(), "no fast partner was cut off");
            }
            assertEquals(before + 1, slowDisconnects(), "only the slow partner was cut off");
        }
    }

    private double slowDisconnects() {
        return registry.find("delivery.slow.disconnects").counters().stream().mapToDouble(c -> c.count()).sum();
    }
}
