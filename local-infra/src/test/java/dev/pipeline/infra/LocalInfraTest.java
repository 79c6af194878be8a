package dev.pipeline.infra;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import dev.pipeline.envelope.CloudEvent;
import dev.pipeline.envelope.EventData;
import dev.pipeline.envelope.KafkaRecordCodec;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

class LocalInfraTest {

    @Test
    void startsBothPartsReachableOverTheNetworkAndLeavesNothingBehind() throws Exception {
        LocalInfra.Settings settings = LocalInfra.Settings.ephemeral("launcher-test", 2, "launcher-test", 1);
        LocalInfra infra = LocalInfra.start(InfraRuntime.locate(), settings);
        List<ManagedProcess> processes = List.of(infra.kafka().process(), infra.kinesis().process());
        try {
            assertKafkaRoundTrip(infra.kafka());
            assertKinesisRoundTrip(infra.kinesis());
        } finally {
            infra.close();
        }
        processes.forEach(process -> assertFalse(process.isAlive(), process.name() + " still running"));
        assertFalse(ProcessHandle.of(processes.get(0).pid()).map(ProcessHandle::isAlive).orElse(false));
        assertFalse(Files.exists(settings.workDir()), "work directory left behind");
        assertFalse(Ports.isListening(settings.kafkaPort()));
        assertFalse(Ports.isListening(settings.kinesisPort()));
    }

    @Test
    void aTakenPortIsReportedByNumberAndPurpose() throws Exception {
        Path dir = Directories.createTemp("pipeline-port-test-");
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            InfraException error = assertThrows(InfraException.class, () -> KafkaBroker.start(InfraRuntime.locate(),
                    new KafkaBroker.Settings(port, Ports.freePort(), dir, "t", 1)));
            assertTrue(error.getMessage().contains("Port " + port + " (Kafka broker) is already in use"), error.getMessage());
        } finally {
            Directories.deleteRecursively(dir);
        }
    }

    @Test
    void clientsResettingConnectionsMidRequestDoNotTakeTheEmulatorDown() throws Exception {
        Path dir = Directories.createTemp("pipeline-reset-test-");
        try (KinesisEmulator kinesis = KinesisEmulator.start(InfraRuntime.locate(),
                new KinesisEmulator.Settings(Ports.freePort(), Ports.freePort(), dir, "reset-test", 1))) {
            byte[] request = ("POST / HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/x-amz-json-1.1\r\n"
                    + "X-Amz-Target: Kinesis_20131202.DescribeStreamSummary\r\nContent-Length: 27\r\n\r\n"
                    + "{\"StreamName\":\"reset-test\"}").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            for (int i = 0; i < 20; i++) {
                // what the AWS SDK does when it abandons a timed-out call: send, then reset the connection
                try (java.net.Socket socket = new java.net.Socket(InetAddress.getLoopbackAddress(), kinesis.endpoint().getPort())) {
                    socket.getOutputStream().write(request);
                    socket.setSoLinger(true, 0);
                }
            }
            try (KinesisClient client = kinesis.newClient()) {
                await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertEquals("reset-test",
                        client.describeStreamSummary(r -> r.streamName("reset-test")).streamDescriptionSummary().streamName()));
            }
        } finally {
            Directories.deleteRecursively(dir);
        }
    }

    private static void assertKafkaRoundTrip(KafkaBroker kafka) throws Exception {
        CloudEvent event = new CloudEvent("1.0", "id-1", "/launcher", "test.kafka", null, "s", "text/plain", null,
                Map.of(), new EventData.Json(com.fasterxml.jackson.databind.node.TextNode.valueOf("hello")));
        Properties producerProps = new Properties();
        producerProps.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(producerProps, new StringSerializer(), new ByteArraySerializer())) {
            producer.send(KafkaRecordCodec.toProducerRecord(kafka.topic(), event)).get();
        }
        Properties consumerProps = new Properties();
        consumerProps.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        consumerProps.put(ConsumerConfig.GROUP_ID_CONFIG, "launcher-test");
        consumerProps.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<CloudEvent> received = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(consumerProps, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(kafka.topic()));
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(record -> received.add(KafkaRecordCodec.fromRecord(record)));
                return !received.isEmpty();
            });
        }
        assertEquals(List.of(event), received);
    }

    private static void assertKinesisRoundTrip(KinesisEmulator kinesis) {
        try (KinesisClient client = kinesis.newClient()) {
            client.putRecord(r -> r.streamName(kinesis.stream()).partitionKey("k").data(SdkBytes.fromUtf8String("payload")));
            String shardId = client.listShards(r -> r.streamName(kinesis.stream())).shards().get(0).shardId();
            String iterator = client.getShardIterator(r -> r.streamName(kinesis.stream()).shardId(shardId)
                    .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
            List<Record> records = client.getRecords(r -> r.shardIterator(iterator)).records();
            assertEquals(List.of("payload"), records.stream().map(record -> record.data().asUtf8String()).toList());
        }
    }
}
