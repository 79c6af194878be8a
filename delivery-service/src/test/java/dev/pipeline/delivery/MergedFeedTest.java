package dev.pipeline.delivery;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import dev.pipeline.envelope.CloudEvent;
import dev.pipeline.envelope.CloudEventJson;
import dev.pipeline.envelope.KafkaRecordCodec;
import dev.pipeline.envelope.KinesisRecordCodec;
import dev.pipeline.infra.KafkaBroker;
import dev.pipeline.infra.KinesisEmulator;
import dev.pipeline.infra.testing.InjectKafkaBroker;
import dev.pipeline.infra.testing.InjectKinesisEmulator;
import dev.pipeline.infra.testing.KafkaBrokerResource;
import dev.pipeline.infra.testing.KinesisEmulatorResource;
import dev.pipeline.infra.testing.SseClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisClient;

@QuarkusTest
@WithTestResource(value = KafkaBrokerResource.class, parallel = true)
@WithTestResource(value = KinesisEmulatorResource.class, parallel = true,
        initArgs = @ResourceArg(name = KinesisEmulatorResource.CONFIG_PREFIX, value = "delivery.kinesis"))
class MergedFeedTest {

    @InjectKafkaBroker
    KafkaBroker kafka;

    @InjectKinesisEmulator
    KinesisEmulator kinesis;

    @Inject
    MeterRegistry registry;

    @TestHTTPResource("/v1/stream")
    URI stream;

    @Test
    void eventsOnBothSourcesReachASubscriberExactlyOnce() throws Exception {
        List<CloudEvent> onlyKinesis = events("kin", 3);
        List<CloudEvent> onlyKafka = events("kaf", 3);
        List<CloudEvent> onBoth = events("both", 3);
        try (SseClient client = SseClient.connect(stream, Map.of())) {
            writeToKinesis(concat(onlyKinesis, onBoth));
            writeToKafka(concat(onlyKafka, onBoth));
            // both copies of the three dual-written events have been read once three duplicates were dropped
            await().atMost(Duration.ofSeconds(30)).until(() -> client.messages().size() >= 9
                    && registry.counter("delivery.duplicates.dropped").count() >= 3);
            List<CloudEvent> received = client.messages().stream().map(m -> CloudEventJson.parse(m.data())).toList();
            assertEquals(9, received.size(), "each event exactly once");
            assertTrue(received.containsAll(concat(concat(onlyKinesis, onlyKafka), onBoth)));
            client.messages().forEach(m -> assertEquals("test.event", m.event()));
        }
    }

    private static List<CloudEvent> events(String prefix, int count) {
        List<CloudEvent> events = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            events.add(CloudEventJson.parse("{\"specversion\":\"1.0\",\"id\":\"" + prefix + "-" + i
                    + "\",\"source\":\"/merge-test\",\"type\":\"test.event\",\"subject\":\"" + prefix + "\",\"data\":{\"i\":" + i + "}}"));
        }
        return events;
    }

    private static List<CloudEvent> concat(List<CloudEvent> a, List<CloudEvent> b) {
        List<CloudEvent> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private void writeToKinesis(List<CloudEvent> events) {
        try (KinesisClient client = kinesis.newClient()) {
            for (CloudEvent event : events) {
                KinesisRecordCodec.KinesisRecord record = KinesisRecordCodec.toRecord(event);
                client.putRecord(r -> r.streamName(kinesis.stream()).partitionKey(record.partitionKey())
                        .data(SdkBytes.fromByteArray(record.data())));
            }
        }
    }

    private void writeToKafka(List<CloudEvent> events) throws Exception {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
            for (CloudEvent event : events) {
                producer.send(KafkaRecordCodec.toProducerRecord(kafka.topic(), event)).get();
            }
        }
    }
}
