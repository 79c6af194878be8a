package dev.pipeline.delivery.config;

import java.time.Duration;

import dev.pipeline.envelope.EventStreams;
import dev.pipeline.support.kinesis.KinesisClientSettings;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Every setting of delivery: both sources, the merge and the SSE feed. */
@ConfigMapping(prefix = "delivery")
public interface DeliveryConfig {

    /** The Kinesis source. */
    Kinesis kinesis();

    /** The Kafka source; broker connection settings stay under kafka.* (e.g. kafka.bootstrap.servers). */
    Kafka kafka();

    /** The merged history kept in memory for resuming partners. */
    History history();

    /** The SSE feed. */
    Sse sse();

    /** Kinesis reading settings. */
    interface Kinesis extends KinesisClientSettings {

        /** Pause between two GetRecords rounds over all shards (Kinesis allows 5 calls/s per shard). */
        @WithDefault("200ms")
        Duration pollInterval();

        /** Records asked for per GetRecords call. */
        @WithDefault("1000")
        int maxRecordsPerCall();

        /** How often the shard list is refreshed to follow resharding. */
        @WithDefault("10s")
        Duration shardRefreshInterval();
    }

    /** Kafka reading settings. */
    interface Kafka {

        /** Topic to read. */
        @WithDefault(EventStreams.KAFKA_TOPIC)
        String topic();

        /** Longest one poll waits for records. */
        @WithDefault("100ms")
        Duration pollTimeout();
    }

    /** Bounds of the in-memory history and duplicate window. */
    interface History {

        /** Events kept for resuming partners; older cursors are reported expired. */
        @WithDefault("100000")
        int maxEvents();

        /** Event identities remembered to drop duplicates. */
        @WithDefault("200000")
        int dedupWindow();
    }

    /** SSE feed settings. */
    interface Sse {

        /** Reconnection delay suggested to clients in the retry: field. */
        @WithDefault("2s")
        Duration retry();

        /** Interval of heartbeat comments on idle connections. */
        @WithDefault("15s")
        Duration heartbeatInterval();
    }
}
