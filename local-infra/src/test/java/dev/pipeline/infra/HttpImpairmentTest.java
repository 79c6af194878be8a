package dev.pipeline.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkServiceException;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/** Gray failures of the emulator's endpoint, as a real SDK client meets them: slowed calls, server errors, healed. */
class HttpImpairmentTest {

    private static final String STREAM = "impairment-test";

    @Test
    void theEndpointIsSlowedFailsAShareOfCallsAndHeals() {
        Path dir = Directories.createTemp("pipeline-impairment-test-");
        try (KinesisEmulator kinesis = KinesisEmulator.start(InfraRuntime.locate(),
                new KinesisEmulator.Settings(Ports.freePort(), Ports.freePort(), dir, STREAM, 1));
             KinesisClient client = kinesis.newClient()) {
            kinesis.impair(HttpImpairment.brownout(Duration.ofMillis(300), 0, Duration.ZERO));
            long start = System.nanoTime();
            client.putRecord(r -> r.streamName(STREAM).partitionKey("k").data(SdkBytes.fromUtf8String("slow")));
            long tookMs = (System.nanoTime() - start) / 1_000_000;
            assertTrue(tookMs >= 300, "slowed, took " + tookMs + " ms");

            kinesis.impair(HttpImpairment.errors(1.0));
            SdkServiceException error = assertThrows(SdkServiceException.class,
                    () -> client.describeStreamSummary(r -> r.streamName(STREAM)));
            assertEquals(500, error.statusCode());

            kinesis.impair(HttpImpairment.NONE);
            assertEquals(STREAM, client.describeStreamSummary(r -> r.streamName(STREAM))
                    .streamDescriptionSummary().streamName(), "healed, on a new connection or an old one");
        } finally {
            Directories.deleteRecursively(dir);
        }
    }

    @Test
    void anImpairmentTravelsAsTextAndBack() {
        HttpImpairment brownout = HttpImpairment.brownout(Duration.ofMillis(400), 0.1, Duration.ofMillis(1200));
        assertEquals(brownout, HttpImpairment.parse(brownout.toText()));
        assertEquals(HttpImpairment.errors(0.5), HttpImpairment.parse("error-share=0.5"));
        assertThrows(IllegalArgumentException.class, () -> HttpImpairment.errors(1.5));
    }
}
