package dev.pipeline.router.failover;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import dev.pipeline.envelope.CloudEvent;
import dev.pipeline.envelope.CloudEventJson;
import dev.pipeline.envelope.EventStreams;
import dev.pipeline.envelope.KafkaRecordCodec;
import dev.pipeline.infra.KafkaBroker;
import dev.pipeline.infra.KinesisEmulator;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

/** Reads back everything stored in the Kinesis stream and the Kafka topic, in each shard's and partition's order. */
final class StoredEvents {

    private StoredEvents() {
    }

    static List<CloudEvent> inKinesis(KinesisEmulator kinesis) {
        List<CloudEvent> events = new ArrayList<>();
        try (KinesisClient client = kinesis.newClient()) {
            for (Shard shard : client.listShards(r -> r.streamName(EventStreams.KINESIS_STREAM)).shards()) {
                String iterator = client.getShardIterator(r -> r.streamName(EventStreams.KINESIS_STREAM)
                        .shardId(shard.shardId()).shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
                while (iterator != null) {
                    String current = iterator;
                    GetRecordsResponse response = client.getRecords(r -> r.shardIterator(current).limit(1000));
                    response.records().forEach(r -> events.add(CloudEventJson.parse(r.data().asByteArray())));
                    iterator = response.records().isEmpty() && response.millisBehindLatest() == 0 ? null
                            : response.nextShardIterator();
                }
            }
        }
        return events;
    }

    static List<CloudEvent> inKafka(KafkaBroker kafka) {
        Properties settings = new Properties();
        settings.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        settings.put(ConsumerConfig.GROUP_ID_CONFIG, "read-back-" + UUID.randomUUID());
        List<CloudEvent> events = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(settings, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(EventStreams.KAFKA_TOPIC).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> events.add(KafkaRecordCodec.fromRecord(r)));
            }
        }
        return events;
    }
}
