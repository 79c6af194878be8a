package dev.pipeline.router.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import static org.awaitility.Awaitility.await;

import java.lang.reflect.InvocationTargetException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Properties;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.pipeline.envelope.CloudEvent;
import dev.pipeline.envelope.CloudEventJson;
import dev.pipeline.envelope.KafkaRecordCodec;
import dev.pipeline.infra.Directories;
import dev.pipeline.infra.KafkaBroker;
import dev.pipeline.infra.testing.KafkaBrokerResource;
import dev.pipeline.router.config.RouterConfig;
import dev.pipeline.router.sink.LargestEvents;
import dev.pipeline.router.sink.SinkWriteException;

/** The Kafka sink against a real broker, with the producer the router builds. */
class KafkaSinkTest {

    private static Path workDir;
    private static KafkaBroker broker;

    @BeforeAll
    static void startBroker() {
        workDir = Directories.createTemp("router-kafka-sink-");
        broker = KafkaBrokerResource.startBroker(workDir, "sink-test", 1);
    }

    @AfterAll
    static void stopBroker() {
        KafkaBrokerResource.stopBroker(broker, workDir);
    }

    @Test
    void eventsAreStoredAndConfirmed() throws Exception {
        AtomicInteger sends = new AtomicInteger();
        try (Producer<String, byte[]> producer = producer()) {
            new KafkaSink(counting(producer, sends), config("sink-test")).write(events(3));
        }
        assertEquals(3, sends.get());
    }

    /** Encode once: the record's value is the event's bytes as ingest encoded them, in structured mode. */
    @Test
    void theStoredValueIsTheBytesIngestEncoded() throws Exception {
        String ingested = "{\"specversion\":\"1.0\",\"id\":\"bytes-1\",\"source\":\"/t\",\"type\":\"t\","
                + "\"priority\":3,\"audience\":\"alpha,beta\",\"partitionkey\":\"k-bytes\",\"data\":{\"price\":12.50}}";
        List<CloudEvent> events = CloudEventJson.parseBatchAttributes(("[" + ingested + "]").getBytes(StandardCharsets.UTF_8));
        try (Producer<String, byte[]> producer = producer()) {
            new KafkaSink(producer, config("sink-test")).write(events);
        }
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.assign(List.of(new TopicPartition("sink-test", 0)));
            List<ConsumerRecord<String, byte[]>> read = new ArrayList<>();
            await().atMost(Duration.ofSeconds(20)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(record -> {
                    if ("k-bytes".equals(record.key())) {
                        read.add(record);
                    }
                });
                return !read.isEmpty();
            });
            assertEquals(ingested, new String(read.get(0).value(), StandardCharsets.UTF_8));
            assertEquals("k-bytes", read.get(0).key());
            assertEquals(events.get(0), KafkaRecordCodec.fromRecord(read.get(0)));
        }
    }

    @Test
    void theLargestEventIngestAdmitsIsStoredWithTheProducersAndTopicsDefaultLimits() throws Exception {
        try (Producer<String, byte[]> producer = producer()) {
            new KafkaSink(producer, config("sink-test")).write(List.of(LargestEvents.largest("largest-kafka")));
        }
    }

    /**
     * The producer reports a topic it finds no metadata for within max.block.ms as a failed send, not by throwing;
     * as it does for a broker gone (the kafka-down drill). Each further send of the batch would block as long again.
     */
    @Test
    void aSendRefusedAtOnceEndsTheWriteWithoutBlockingOnTheRest() {
        AtomicInteger sends = new AtomicInteger();
        try (Producer<String, byte[]> producer = producer()) {
            List<CloudEvent> events = events(5);
            SinkWriteException error = assertThrows(SinkWriteException.class,
                    () -> new KafkaSink(counting(producer, sends), config("no-such-topic")).write(events));
            assertEquals(1, sends.get(), "sends: the refused one and none after it");
            assertEquals(events, error.unconfirmed());
            assertEquals(SinkWriteException.Cause.TIMEOUT, error.failureCause());
        }
    }

    private static Producer<String, byte[]> producer() {
        return new KafkaProducerFactory().producer(Map.of("bootstrap.servers", broker.bootstrapServers()),
                config("unused"));
    }

    @SuppressWarnings("unchecked")
    private static Producer<String, byte[]> counting(Producer<String, byte[]> producer, AtomicInteger sends) {
        return (Producer<String, byte[]>) Proxy.newProxyInstance(Producer.class.getClassLoader(),
                new Class<?>[] {Producer.class}, (proxy, method, args) -> {
                    if (method.getName().equals("send")) {
                        sends.incrementAndGet();
                    }
                    try {
                        return method.invoke(producer, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    private static List<CloudEvent> events(int count) {
        return IntStream.range(0, count).mapToObj(i -> CloudEventJson.parse(("{\"specversion\":\"1.0\",\"id\":\"e" + i
                + "\",\"source\":\"/t\",\"type\":\"t\",\"partitionkey\":\"k" + i + "\"}"))).toList();
    }

    private static RouterConfig config(String topic) {
        RouterConfig.Kafka kafka = new RouterConfig.Kafka() {
            public String topic() { return topic; }
            public Duration deliveryTimeout() { return Duration.ofSeconds(5); }
            public Duration requestTimeout() { return Duration.ofSeconds(3); }
            public Duration maxBlock() { return Duration.ofMillis(500); }
            public Duration linger() { return Duration.ofMillis(2); }
            public dev.pipeline.support.kafka.TopicCheckSettings topicCheck() { throw new UnsupportedOperationException(); }
        };
        return (RouterConfig) Proxy.newProxyInstance(RouterConfig.class.getClassLoader(),
                new Class<?>[] {RouterConfig.class}, (proxy, method, args) -> {
                    if (method.getName().equals("kafka")) {
                        return kafka;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }
}
