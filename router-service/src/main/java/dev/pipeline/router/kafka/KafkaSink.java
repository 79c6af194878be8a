package dev.pipeline.router.kafka;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.RetriableException;

import dev.pipeline.envelope.CloudEvent;
import dev.pipeline.envelope.KafkaRecordCodec;
import dev.pipeline.envelope.KinesisCopies;
import dev.pipeline.router.config.RouterConfig;
import dev.pipeline.router.sink.EventSink;
import dev.pipeline.router.sink.SinkWriteException;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Writes events to the Kafka topic in the CloudEvents Kafka binding (structured mode: the value is the event's JSON
 * as ingest encoded it; key = partition key). The
 * idempotent producer keeps per-partition order and never duplicates on its own retries.
 */
@ApplicationScoped
@Identifier(EventSink.KAFKA)
public class KafkaSink implements EventSink {

    private final Producer<String, byte[]> producer;
    private final RouterConfig.Kafka config;

    public KafkaSink(Producer<String, byte[]> producer, RouterConfig config) {
        this.producer = producer;
        this.config = config.kafka();
    }

    @Override
    public String name() {
        return KAFKA;
    }

    @Override
    public void write(List<CloudEvent> events) throws SinkWriteException {
        write(events, Set.of());
    }

    @Override
    public void write(List<CloudEvent> events, Set<CloudEvent> copies) throws SinkWriteException {
        List<Future<RecordMetadata>> sends = new ArrayList<>(events.size());
        try {
            for (CloudEvent event : events) {
                ProducerRecord<String, byte[]> record = KafkaRecordCodec.toProducerRecord(config.topic(), event);
                Future<RecordMetadata> send = producer.send(copies.contains(event) ? KinesisCopies.mark(record) : record);
                Throwable refused = failedAtOnce(send);
                if (refused != null) {
                    // each further send would block as long again: a batch of n would hold its keys n times max.block
                    throw new SinkWriteException(KAFKA, causeOf(refused), events, refused.getMessage(), refused);
                }
                sends.add(send);
            }
        } catch (KafkaException e) {
            // send() itself threw (the producer closed, a record it cannot serialize): none counts as written
            throw new SinkWriteException(KAFKA, SinkWriteException.Cause.UNAVAILABLE, events,
                    e.getMessage(), e);
        }
        long deadline = System.nanoTime() + config.deliveryTimeout().plus(config.maxBlock()).toNanos();
        for (int i = 0; i < sends.size(); i++) {
            try {
                sends.get(i).get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (ExecutionException e) {
                throw new SinkWriteException(KAFKA, causeOf(e.getCause()), events.subList(i, events.size()),
                        e.getCause().getMessage(), e);
            } catch (TimeoutException e) {
                throw new SinkWriteException(KAFKA, SinkWriteException.Cause.TIMEOUT, events.subList(i, events.size()),
                        "no acknowledgement within " + config.deliveryTimeout(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SinkWriteException(KAFKA, SinkWriteException.Cause.TIMEOUT, events.subList(i, events.size()),
                        "interrupted", e);
            }
        }
    }

    private static SinkWriteException.Cause causeOf(Throwable failure) {
        return failure instanceof RecordTooLargeException || failure instanceof InvalidRecordException
                ? SinkWriteException.Cause.INVALID // the event itself: the producer's to fix
                : failure instanceof org.apache.kafka.common.errors.TimeoutException ? SinkWriteException.Cause.TIMEOUT
                : failure instanceof RetriableException ? SinkWriteException.Cause.UNAVAILABLE
                : SinkWriteException.Cause.REJECTED;
    }

    /**
     * The failure of a send the producer failed before it returned, or null. It reports some failures that way rather
     * than by throwing: no metadata for the topic within max.block.ms (a broker gone, the topic missing) among them.
     */
    private static Throwable failedAtOnce(Future<RecordMetadata> send) {
        if (!send.isDone()) {
            return null;
        }
        try {
            send.get();
            return null;
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return e;
        }
    }
}
