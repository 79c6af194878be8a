package dev.pipeline.delivery;

import java.util.Properties;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import dev.pipeline.envelope.CloudEvent;
import dev.pipeline.envelope.ControlTopic;
import dev.pipeline.envelope.KafkaRecordCodec;
import dev.pipeline.envelope.KinesisCopyNotice;
import dev.pipeline.envelope.KinesisRecordCodec;
import dev.pipeline.envelope.RouterHeartbeat;
import dev.pipeline.infra.KafkaBroker;
import dev.pipeline.infra.KinesisEmulator;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/** Writes events to the real sources the way the router does: one at a time, each acknowledged before the next. */
public final class SourceWriter implements AutoCloseable {

    private final KafkaBroker kafka;
    private final KinesisEmulator kinesis;
    private final KafkaProducer<String, byte[]> producer;
    private final KinesisClient client;

    public SourceWriter(KafkaBroker kafka, KinesisEmulator kinesis) {
        this.kafka = kafka;
        this.kinesis = kinesis;
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 4 * 1024 * 1024);
        this.producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
        this.client = kinesis.newClient();
    }

    public void toKinesis(CloudEvent event) {
        KinesisRecordCodec.KinesisRecord record = KinesisRecordCodec.toRecord(event);
        client.putRecord(r -> r.streamName(kinesis.stream()).partitionKey(record.partitionKey())
                .data(SdkBytes.fromByteArray(record.data())));
    }

    public void toKafka(CloudEvent event) {
        try {
            producer.send(KafkaRecordCodec.toProducerRecord(kafka.topic(), event)).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    /** Writes the event as routers wrote Kafka records before structured mode: attributes as headers. */
    public void toKafkaInBinaryMode(CloudEvent event) {
        try {
            producer.send(KafkaRecordCodec.toBinaryProducerRecord(kafka.topic(), event)).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    /** Writes a router's heartbeat to the control topic, as a router does, and waits for the broker to store it. */
    public void heartbeat(RouterHeartbeat heartbeat) {
        send(heartbeat.toControlRecord(ControlTopic.NAME));
    }

    /** Writes a router's notice that it wrote these events to Kafka as copies of Kinesis writes, as a router does. */
    public void copyNotice(CloudEvent... copies) {
        send(new KinesisCopyNotice(java.util.Arrays.stream(copies).map(CloudEvent::identity).toList())
                .toRecord(ControlTopic.NAME, "noticing-router", System.nanoTime()));
    }

    /** Writes a router's heartbeat to the events' topic, as routers of earlier versions did. */
    public void heartbeatOnEventsTopic(RouterHeartbeat heartbeat) {
        send(heartbeat.toRecord(kafka.topic()));
    }

    private void send(ProducerRecord<String, byte[]> record) {
        try {
            producer.send(record).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    /** Sends without waiting for each acknowledgement; {@link #flush()} waits for all. */
    public void toKafkaAsync(CloudEvent event) {
        producer.send(KafkaRecordCodec.toProducerRecord(kafka.topic(), event));
    }

    public void flush() {
        producer.flush();
    }

    @Override
    public void close() {
        producer.close();
        client.close();
    }
}
