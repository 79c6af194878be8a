package dev.pipeline.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

class EndpointControlTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    @Test
    void anotherProcessTakesTheEndpointDownAndUpAndWhatItStoredSurvives() throws Exception {
        Path dir = Directories.createTemp("pipeline-endpoint-control-test-");
        try (KinesisEmulator kinesis = KinesisEmulator.start(InfraRuntime.locate(),
                new KinesisEmulator.Settings(Ports.freePort(), Ports.freePort(), dir, "control-test", 1));
             EndpointControl control = EndpointControl.start(dir, "kinesis-endpoint", kinesis::endpointMode);
             KinesisClient client = kinesis.newClient()) {
            String shard = client.listShards(r -> r.streamName("control-test")).shards().get(0).shardId();
            client.putRecord(r -> r.streamName("control-test").partitionKey("k").data(SdkBytes.fromUtf8String("stored")));

            EndpointControl.request(dir, "kinesis-endpoint", TcpFaultProxy.Mode.REFUSE, TIMEOUT);
            assertThrows(SdkClientException.class, () -> client.describeStreamSummary(r -> r.streamName("control-test")),
                    "the endpoint refuses connections");

            EndpointControl.request(dir, "kinesis-endpoint", TcpFaultProxy.Mode.PASS, TIMEOUT);
            String iterator = client.getShardIterator(r -> r.streamName("control-test").shardId(shard)
                    .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
            assertEquals("stored", client.getRecords(r -> r.shardIterator(iterator)).records().get(0).data().asUtf8String());
        } finally {
            Directories.deleteRecursively(dir);
        }
    }
}
