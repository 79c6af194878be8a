package dev.pipeline.router.sink;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.nio.file.Path;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.pipeline.envelope.KinesisRecordCodec;
import dev.pipeline.infra.Directories;
import dev.pipeline.infra.KinesisEmulator;
import dev.pipeline.infra.testing.KinesisEmulatorResource;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * The one per-event size limit is one Kinesis takes: the largest event ingest admits, with the longest partition key,
 * is stored by the real emulator, which enforces Kinesis' 1 MiB per record (the Kafka side is in KafkaSinkTest).
 */
class EventSizeLimitTest {

    private static Path workDir;
    private static KinesisEmulator emulator;

    @BeforeAll
    static void startEmulator() {
        workDir = Directories.createTemp("router-size-limit-");
        emulator = KinesisEmulatorResource.startEmulator(workDir, 1);
    }

    @AfterAll
    static void stopEmulator() {
        if (emulator != null) {
            emulator.close();
        }
        Directories.deleteRecursively(workDir);
    }

    @Test
    void kinesisStoresTheLargestEventIngestAdmits() {
        KinesisRecordCodec.KinesisRecord record = KinesisRecordCodec.toRecord(LargestEvents.largest("largest-kinesis"));
        try (KinesisClient client = emulator.newClient()) {
            assertNotNull(client.putRecord(r -> r.streamName(emulator.stream()).partitionKey(record.partitionKey())
                    .data(SdkBytes.fromByteArray(record.data()))).sequenceNumber());
        }
    }
}
