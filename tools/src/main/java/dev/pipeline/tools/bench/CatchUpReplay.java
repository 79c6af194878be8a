package dev.pipeline.tools.bench;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import dev.pipeline.envelope.CloudEvent;
import dev.pipeline.envelope.CloudEventJson;
import dev.pipeline.envelope.KafkaRecordCodec;
import dev.pipeline.tools.load.RunEvents;
import dev.pipeline.tools.load.SsePartners;

/**
 * The bench's catch-up phase: events stored in the Kafka topic, then one partner replays them all with {@code since=}
 * (older than delivery's in-memory tail, so delivery reads the streams again), against Kafka's own consumer reading the
 * same records from the same broker (its faster of two reads: the first also warms its code, as delivery's is warm
 * from its live feed); delivery's heap is sampled meanwhile, and its CPU time per event taken. Both reads start once delivery's live feed
 * has read and released what was stored: a partner catching up after an absence does so beside the live rate, not
 * beside a burst of a million events the live feed has yet to merge on the same two cores.
 */
public final class CatchUpReplay {

    private static final String HEAP_USED = "jvm_memory_used_bytes{area=\"heap\"";
    private static final String CATCH_UP_READS = "delivery_catchup_sessions ";

    /**
     * What the phase measured; {@code complete} is false when the partner did not get every event in time,
     * {@code settled} false when delivery's live feed had not released the stored events before the reads began.
     */
    public record Result(long events, long received, double eventsPerSecond, long firstEventMillis,
                         double consumerEventsPerSecond, long peakHeapBytes, double deliveryCpuMicrosPerEvent,
                         boolean complete, boolean fromStreams, boolean settled) {

        public double ratio() {
            return consumerEventsPerSecond > 0 ? eventsPerSecond / consumerEventsPerSecond : 0;
        }
    }

    private CatchUpReplay() {
    }

    /** {@code deliveryPid}: delivery's process, whose CPU time is taken (-1: none, the figure is NaN). */
    public static Result run(String bootstrap, String topic, HttpClient http, URI stream, URI delivery, long deliveryPid,
                             String token, RunEvents events, int count, Duration timeout) throws InterruptedException {
        Instant from = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        System.err.printf("catch-up: storing %d events in Kafka...%n", count);
        store(bootstrap, topic, events, count);
        boolean settled = DeliveryCatchUp.await(http, delivery, timeout);
        double consumerRate = Math.max(consumerRate(bootstrap, topic, from), consumerRate(bootstrap, topic, from));
        System.err.printf("catch-up: Kafka's consumer read them at %.0f events/s; one partner replays them...%n", consumerRate);
        AtomicLong received = new AtomicLong();
        AtomicLong firstAt = new AtomicLong();
        AtomicLong lastAt = new AtomicLong();
        URI since = URI.create(stream + "?since=" + URLEncoder.encode(from.toString(), StandardCharsets.UTF_8));
        long peakHeap = 0;
        boolean fromStreams = false;
        OptionalLong cpuBefore = deliveryPid > 0 ? ProcessCpu.ticks(deliveryPid) : OptionalLong.empty();
        long started = System.nanoTime();
        byte[] runIds = (events.runId() + "-").getBytes(StandardCharsets.UTF_8);
        try (SsePartners partner = SsePartners.open(since, token, 1, 1, Duration.ZERO, (data, length, at) -> {
            if (FrameFields.idSequence(data, length, runIds) >= 0) {
                if (received.incrementAndGet() == 1) {
                    firstAt.set(at);
                }
                lastAt.set(at);
            }
        })) {
            long deadline = started + timeout.toNanos();
            while (received.get() < count && System.nanoTime() < deadline) {
                DeliveryGauges gauges = gauges(http, delivery);
                peakHeap = Math.max(peakHeap, gauges.heapUsed());
                fromStreams |= gauges.catchUpReads() > 0;
                LockSupport.parkNanos(Duration.ofMillis(250).toNanos());
            }
        }
        OptionalLong cpuAfter = deliveryPid > 0 ? ProcessCpu.ticks(deliveryPid) : OptionalLong.empty();
        double cpuPerEvent = cpuBefore.isPresent() && cpuAfter.isPresent()
                ? ProcessCpu.microsPerFrame(cpuBefore.getAsLong(), cpuAfter.getAsLong(), received.get()) : Double.NaN;
        // the replay's rate from its first event on: before it, the read covers the join window below the cursor
        // (the cursor less the duplicate lookback, rounded down to the join granularity), reported apart
        double seconds = (lastAt.get() - firstAt.get()) / 1e9;
        double rate = received.get() > 1 && seconds > 0 ? (received.get() - 1) / seconds : 0;
        long firstMillis = received.get() > 0 ? (firstAt.get() - started) / 1_000_000 : -1;
        return new Result(count, received.get(), rate, firstMillis, consumerRate, peakHeap, cpuPerEvent,
                received.get() >= count, fromStreams, settled);
    }

    private static void store(String bootstrap, String topic, RunEvents events, int count) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, 131072);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < count; i++) {
                String key = "k" + (i % 64);
                CloudEvent event = CloudEventJson.parse(events.json(key, i)).withExtension(CloudEvent.PARTITION_KEY, key);
                producer.send(KafkaRecordCodec.toProducerRecord(topic, event));
            }
            producer.flush();
        }
    }

    /** Kafka's own consumer reading the topic from {@code from} to its end as it is now: records per second. */
    private static double consumerRate(String bootstrap, String topic, Instant from) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            consumer.assign(partitions);
            Map<TopicPartition, Long> times = new HashMap<>();
            partitions.forEach(partition -> times.put(partition, from.toEpochMilli()));
            Map<TopicPartition, OffsetAndTimestamp> starts = consumer.offsetsForTimes(times);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            long expected = 0;
            for (TopicPartition partition : partitions) {
                OffsetAndTimestamp start = starts.get(partition);
                long offset = start == null ? ends.get(partition) : start.offset();
                consumer.seek(partition, offset);
                expected += ends.get(partition) - offset;
            }
            long read = 0;
            long began = System.nanoTime();
            while (read < expected) {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(500));
                read += records.count();
            }
            double seconds = (System.nanoTime() - began) / 1e9;
            return read / seconds;
        }
    }

    private record DeliveryGauges(long heapUsed, double catchUpReads) {
    }

    /** Delivery's heap in use and its catch-up reads running, from its Prometheus metrics (0 when unavailable). */
    private static DeliveryGauges gauges(HttpClient http, URI delivery) throws InterruptedException {
        try {
            String metrics = http.send(HttpRequest.newBuilder(delivery.resolve("/q/metrics")).timeout(Duration.ofSeconds(2))
                    .build(), HttpResponse.BodyHandlers.ofString()).body();
            long used = 0;
            double reads = 0;
            for (String line : metrics.split("\n")) {
                if (line.startsWith(HEAP_USED)) {
                    used += (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                } else if (line.startsWith(CATCH_UP_READS)) {
                    reads = Double.parseDouble(line.substring(CATCH_UP_READS.length()).trim());
                }
            }
            return new DeliveryGauges(used, reads);
        } catch (IOException | NumberFormatException e) {
            return new DeliveryGauges(0, 0);
        }
    }
}
