package dev.pipeline.router.failover;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import dev.pipeline.envelope.CloudEvent;
import dev.pipeline.envelope.CloudEventJson;
import dev.pipeline.envelope.ControlTopic;
import dev.pipeline.envelope.EventStreams;
import dev.pipeline.envelope.KafkaRecordCodec;
import dev.pipeline.envelope.KinesisCopies;
import dev.pipeline.envelope.KinesisCopyNotice;
import dev.pipeline.envelope.KinesisHeartbeat;
import dev.pipeline.envelope.RouterHeartbeat;
import dev.pipeline.infra.KafkaBroker;
import dev.pipeline.infra.KinesisEmulator;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

/**
 * Reads back what the router stored in the Kinesis stream and the Kafka topic, in each shard's and partition's order:
 * the events (without the routers' heartbeats), Kinesis' arrival times, the heartbeats.
 */
final class StoredEvents {

    private StoredEvents() {
    }

    static List<CloudEvent> inKinesis(KinesisEmulator kinesis) {
        List<CloudEvent> events = new ArrayList<>();
        forEachKinesisRecord(kinesis, r -> events.add(CloudEventJson.parse(r.data().asByteArray())));
        return events;
    }

    /** Each stored event's id with Kinesis' arrival timestamp. */
    static Map<String, Instant> arrivalsInKinesis(KinesisEmulator kinesis) {
        Map<String, Instant> arrivals = new HashMap<>();
        forEachKinesisRecord(kinesis, r -> arrivals.put(CloudEventJson.parse(r.data().asByteArray()).id(),
                r.approximateArrivalTimestamp()));
        return arrivals;
    }

    static List<CloudEvent> inKafka(KafkaBroker kafka) {
        List<CloudEvent> events = new ArrayList<>();
        forEachKafkaRecord(kafka, r -> {
            if (!RouterHeartbeat.isHeartbeat(r.headers())) {
                events.add(KafkaRecordCodec.fromRecord(r));
            }
        });
        return events;
    }

    /** The ids of the events the router marked in Kafka as copies of Kinesis writes. */
    static Set<String> markedCopiesInKafka(KafkaBroker kafka) {
        Set<String> ids = new HashSet<>();
        forEachKafkaRecord(kafka, r -> {
            if (KinesisCopies.isMarked(r.headers())) {
                ids.add(KafkaRecordCodec.fromRecord(r).id());
            }
        });
        return ids;
    }

    /** The ids in the routers' notices of copies on the control topic. */
    static Set<String> noticedCopies(KafkaBroker kafka) {
        Set<String> ids = new HashSet<>();
        forEachKafkaRecord(kafka, ControlTopic.NAME, r -> {
            if (r.key() != null && r.key().startsWith(ControlTopic.COPIES_PREFIX) && r.value() != null) {
                KinesisCopyNotice.fromValue(r.value()).identities().forEach(identity -> ids.add(identity.id()));
            }
        });
        return ids;
    }

    /** The heartbeats on the control topic, where routers write them. */
    static List<RouterHeartbeat> heartbeatsInKafka(KafkaBroker kafka) {
        List<RouterHeartbeat> heartbeats = new ArrayList<>();
        forEachKafkaRecord(kafka, ControlTopic.NAME, r -> {
            if (RouterHeartbeat.isHeartbeat(r.headers())) {
                heartbeats.add(RouterHeartbeat.fromValue(r.value()));
            }
        });
        return heartbeats;
    }

    private static void forEachKafkaRecord(KafkaBroker kafka, Consumer<ConsumerRecord<String, byte[]>> action) {
        forEachKafkaRecord(kafka, EventStreams.KAFKA_TOPIC, action);
    }

    private static void forEachKafkaRecord(KafkaBroker kafka, String topic,
                                           Consumer<ConsumerRecord<String, byte[]>> action) {
        Properties settings = new Properties();
        settings.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        settings.put(ConsumerConfig.GROUP_ID_CONFIG, "read-back-" + UUID.randomUUID());
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(settings, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                consumer.poll(Duration.ofMillis(200)).forEach(action);
            }
        }
    }

    private static void forEachKinesisRecord(KinesisEmulator kinesis, Consumer<Record> action) {
        try (KinesisClient client = kinesis.newClient()) {
            for (Shard shard : client.listShards(r -> r.streamName(EventStreams.KINESIS_STREAM)).shards()) {
                String iterator = client.getShardIterator(r -> r.streamName(EventStreams.KINESIS_STREAM)
                        .shardId(shard.shardId()).shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
                while (iterator != null) {
                    String current = iterator;
                    GetRecordsResponse response = client.getRecords(r -> r.shardIterator(current).limit(1000));
                    response.records().stream() // a router's heartbeats while Kafka was silent are no events
                            .filter(record -> !KinesisHeartbeat.isHeartbeat(record.data().asByteArray())).forEach(action);
                    iterator = response.records().isEmpty() && response.millisBehindLatest() == 0 ? null
                            : response.nextShardIterator();
                }
            }
        }
    }
}
