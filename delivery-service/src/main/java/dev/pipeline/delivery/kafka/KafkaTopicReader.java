package dev.pipeline.delivery.kafka;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;

import dev.pipeline.delivery.config.DeliveryConfig;
import dev.pipeline.delivery.merge.EventMerger;
import dev.pipeline.delivery.merge.SourcedEvent;
import dev.pipeline.envelope.EnvelopeException;
import dev.pipeline.envelope.KafkaRecordCodec;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Reads every partition of the Kafka topic from the beginning on its own thread. Each delivery replica reads
 * the whole topic (no consumer group): each serves its own partners.
 */
@ApplicationScoped
public class KafkaTopicReader {

    private static final Logger LOG = Logger.getLogger(KafkaTopicReader.class);

    private final Map<String, Object> kafkaSettings;
    private final DeliveryConfig.Kafka config;
    private final EventMerger merger;
    private volatile Consumer<String, byte[]> consumer;
    private volatile boolean running;
    private Thread thread;

    public KafkaTopicReader(@Identifier("default-kafka-broker") Map<String, Object> kafkaSettings,
                            DeliveryConfig config, EventMerger merger) {
        this.kafkaSettings = kafkaSettings;
        this.config = config.kafka();
        this.merger = merger;
    }

    void start(@Observes StartupEvent startup) {
        running = true;
        thread = new Thread(this::run, "kafka-topic-reader");
        thread.setDaemon(true);
        thread.start();
    }

    void stop(@Observes ShutdownEvent shutdown) throws InterruptedException {
        running = false;
        Consumer<String, byte[]> current = consumer;
        if (current != null) {
            current.wakeup();
        }
        thread.join(5000);
    }

    private void run() {
        Map<String, Object> settings = new HashMap<>(kafkaSettings);
        settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        settings.remove(ConsumerConfig.GROUP_ID_CONFIG);
        try (Consumer<String, byte[]> kafka = new KafkaConsumer<>(settings, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer = kafka;
            List<TopicPartition> partitions = kafka.partitionsFor(config.topic(), Duration.ofMinutes(5)).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            kafka.assign(partitions);
            kafka.seekToBeginning(partitions);
            while (running) {
                for (ConsumerRecord<String, byte[]> record : kafka.poll(config.pollTimeout())) {
                    admit(record);
                }
            }
        } catch (WakeupException stopping) {
            // shutdown
        } catch (RuntimeException e) {
            LOG.error("Kafka reader stopped", e);
        }
    }

    private void admit(ConsumerRecord<String, byte[]> record) {
        try {
            merger.accept(new SourcedEvent(KafkaRecordCodec.fromRecord(record), SourcedEvent.KAFKA,
                    record.partition() + ":" + record.offset()));
        } catch (EnvelopeException e) {
            LOG.warnf("Skipping Kafka record %d:%d that is not a CloudEvent: %s", record.partition(), record.offset(),
                    e.getMessage());
        }
    }
}
