package dev.pipeline.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkServiceException;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

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
    void anUnansweringEndpointStoresWhatItIsSentAndAnswersNothingUntilItRecovers() {
        Path dir = Directories.createTemp("pipeline-unanswered-test-");
        try (KinesisEmulator kinesis = KinesisEmulator.start(InfraRuntime.locate(),
                new KinesisEmulator.Settings(Ports.freePort(), Ports.freePort(), dir, STREAM, 1));
             KinesisClient client = kinesis.newClient()) {
            kinesis.endpointMode(TcpFaultProxy.Mode.UNANSWERED);
            assertThrows(SdkClientException.class, () -> client.putRecord(r -> r.streamName(STREAM).partitionKey("k")
                    .data(SdkBytes.fromUtf8String("stored-unanswered"))
                    .overrideConfiguration(c -> c.apiCallTimeout(Duration.ofSeconds(2)))), "no answer");

            kinesis.endpointMode(TcpFaultProxy.Mode.PASS);
            String shard = client.listShards(r -> r.streamName(STREAM)).shards().get(0).shardId();
            String iterator = client.getShardIterator(r -> r.streamName(STREAM).shardId(shard)
                    .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
            List<String> stored = client.getRecords(r -> r.shardIterator(iterator)).records().stream()
                    .map(record -> record.data().asUtf8String()).toList();
            assertEquals(List.of("stored-unanswered"), stored, "the endpoint did the work it never answered");
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
