package dev.pipeline.router.config;

import java.time.Duration;

import dev.pipeline.envelope.EventStreams;
import dev.pipeline.router.routing.RouteMode;
import dev.pipeline.support.kinesis.KinesisClientSettings;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Every setting of the router: the routing mode, both sinks' clients and their timeouts. */
@ConfigMapping(prefix = "router")
public interface RouterConfig {

    /** How writes are routed: auto (health-driven), or pinned to kinesis or kafka. */
    @WithDefault("auto")
    RouteMode mode();

    /** The Kinesis sink. */
    Kinesis kinesis();

    /** The Kafka sink; broker connection settings stay under kafka.* (e.g. kafka.bootstrap.servers). */
    Kafka kafka();

    /** Kinesis client and write settings. */
    interface Kinesis extends KinesisClientSettings {

        /** Attempts for records PutRecords reports as failed, before the rest goes elsewhere. */
        @WithDefault("3")
        int maxRecordAttempts();

        /** Pause before resending failed records, multiplied by the attempt number. */
        @WithDefault("50ms")
        Duration retryBackoff();

        /** Records per PutRecords call (Kinesis allows at most 500). */
        @WithDefault("500")
        int maxBatchRecords();
    }

    /** Kafka producer settings the router owns; durability settings are fixed (acks=all, idempotence). */
    interface Kafka {

        /** Topic to write to. */
        @WithDefault(EventStreams.KAFKA_TOPIC)
        String topic();

        /** Longest a write may take until the broker confirms it (Kafka's delivery.timeout.ms). */
        @WithDefault("3s")
        Duration deliveryTimeout();

        /** Longest one produce request may wait for the broker (Kafka's request.timeout.ms). */
        @WithDefault("1500ms")
        Duration requestTimeout();

        /** Longest a send may block for metadata or buffer space (Kafka's max.block.ms). */
        @WithDefault("1s")
        Duration maxBlock();

        /** Time the producer waits to fill a batch (Kafka's linger.ms). */
        @WithDefault("2ms")
        Duration linger();
    }
}
