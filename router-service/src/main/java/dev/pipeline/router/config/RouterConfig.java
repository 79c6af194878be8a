package dev.pipeline.router.config;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import dev.pipeline.envelope.ControlTopic;
import dev.pipeline.envelope.EventStreams;
import dev.pipeline.router.routing.RouteMode;
import dev.pipeline.support.kafka.TopicCheckSettings;
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

    /** Health signals, failover and failback. */
    Health health();

    /** The operator API's credentials. */
    Admin admin();

    /** The credential services present to the router's write API. */
    InternalApi internalApi();

    /** The live status page. */
    Status status();

    /** Heartbeats and Kinesis leases written to Kafka for delivery. */
    Lease lease();

    /** The fleet's control plane on the Kafka control topic: the shared override, its audit trail, fleet status. */
    Control control();

    /**
     * The control topic every router and delivery replica shares (see docs/adr/0050): the override in force for the
     * fleet, every change to it, and each replica's latest status.
     */
    interface Control {

        /** The compacted control topic (the SmallRye channels control-in and control-out use it too). */
        @WithDefault(ControlTopic.NAME)
        String topic();

        /** How often this router publishes its status for the fleet view. */
        @WithDefault("2s")
        Duration statusInterval();

        /** A replica whose latest status is older than this is shown as stale. */
        @WithDefault("10s")
        Duration staleAfter();

        /** A replica whose latest status is older than this is left out of the fleet view (it left the fleet). */
        @WithDefault("10m")
        Duration forgetAfter();

        /**
         * Longest a starting router waits to read the control topic to its end before it serves; past it (Kafka
         * unreachable) it serves in router.mode and applies the fleet's override once Kafka answers.
         */
        @WithDefault("15s")
        Duration catchUpTimeout();

        /** Pause between attempts to publish an override change Kafka has not acknowledged yet. */
        @WithDefault("1s")
        Duration publishRetry();
    }

    /**
     * While writes go to Kafka, each heartbeat grants a lease "no Kinesis write from this router before now + length",
     * so delivery need not wait on the Kinesis stream; a move back to Kinesis waits for the last lease to end. The
     * mirror while Kafka does not answer: leases on Kafka, written to Kinesis ({@code kafka-silence}).
     */
    interface Lease {

        /** How often a heartbeat is written to the control topic. */
        @WithDefault("100ms")
        Duration interval();

        /** How far ahead each lease reaches; must exceed the interval plus the time delivery takes to read it. */
        @WithDefault("1s")
        Duration length();

        /**
         * How long Kafka may leave this router's heartbeats unanswered before the router takes it for dead or hung and
         * promises delivery, through Kinesis, no Kafka writes for a {@code kafka-lease-length} at a time (so the feed
         * does not wait on a Kafka nobody can read). Heartbeats are answered within milliseconds; a longer pause
         * merely holds Kafka writes back for up to a lease length.
         */
        @WithDefault("300ms")
        Duration kafkaSilence();

        /**
         * How far ahead each Kafka lease reaches. Longer than the Kinesis lease: delivery reads these from Kinesis,
         * whose reads trail by a poll and stall now and then; a Kafka that answers again waits at most this long
         * for this router's writes, and only if writes move to Kafka meanwhile.
         */
        @WithDefault("2s")
        Duration kafkaLeaseLength();

        /**
         * How often a Kafka lease is renewed while Kafka stays silent (the first is written as soon as it is): each
         * renewal is a Kinesis call, so fewer than the Kafka heartbeats; well below {@code kafka-lease-length} less
         * the time delivery takes to read it.
         */
        @WithDefault("500ms")
        Duration kafkaLeaseRenewal();

        /**
         * How long events stored in Kinesis are kept to be copied to Kafka on a failover: delivery may not have read
         * them when Kinesis stops answering. It must exceed how far delivery's Kinesis reads trail the stream (poll
         * interval, propagation, reorder allowance, a stalled read) for the feed to go on from Kafka at once and for
         * every record delivery has not read to have a copy that counts; memory: this long of Kinesis writes. Below
         * delivery's {@code delivery.history.duplicate-lookback}, which must cover the time from a record to its copy.
         */
        @WithDefault("10s")
        Duration replayWindow();

        /**
         * How long the notices of copies of Kinesis writes stay on the control topic before a router removes them: as
         * long as delivery remembers copies ({@code delivery.history.copies-span}), which covers Kinesis' retention.
         */
        @WithDefault("26h")
        Duration copyNoticeRetention();
    }

    /** Settings of the status page at /status.html. */
    interface Status {

        /** How often the routing state is pushed to status page viewers. */
        @WithDefault("1s")
        Duration interval();

        /** Base URL of a delivery-service whose partner figures the page shows too (it must allow this origin). */
        Optional<java.net.URI> deliveryUrl();
    }

    /** Health signals and the hysteresis of routing. */
    interface Health {

        /** A Kinesis API call (one PutRecords, not a whole write) in flight longer than this counts as stalled. */
        @WithDefault("500ms")
        Duration stallThreshold();

        /** How often the watchdog looks for stalled calls and the state machine re-evaluates. */
        @WithDefault("100ms")
        Duration evaluationInterval();

        /** How often each sink is probed (Kinesis: DescribeStreamSummary; Kafka: cluster metadata). */
        @WithDefault("1s")
        Duration probeInterval();

        /** Consecutive failed Kinesis probes that count as an impairment (failed writes and stalls count at once). */
        @WithDefault("2")
        int probeFailuresToFailover();

        /** Longest a probe may take before it counts as failed. */
        @WithDefault("1s")
        Duration probeTimeout();

        /** How long Kinesis must stay healthy after an impairment before writes move back to it. */
        @WithDefault("30s")
        Duration failbackAfter();

        /** Span of the sliding window of write outcomes reported by the routing API. */
        @WithDefault("60s")
        Duration window();

        /** Span of recent Kinesis calls the gray-failure rules (error share, brownout) judge. */
        @WithDefault("2s")
        Duration grayWindow();

        /** Fewest Kinesis calls within the gray window before the gray-failure rules judge at all. */
        @WithDefault("5")
        int grayMinCalls();

        /** Share of recent PutRecords entries Kinesis failed (not throttled nor invalid) that counts as impaired. */
        @WithDefault("0.1")
        double errorShare();

        /** Median Kinesis call latency (and probe latency) that counts as a brownout when Kafka answers faster. */
        @WithDefault("300ms")
        Duration brownoutLatency();

        /** Transitions kept for the routing API. */
        @WithDefault("50")
        int transitionHistory();
    }

    /** Operator credentials. */
    interface Admin {

        /** Hashes ("sha256:<hex>") of the bearer tokens allowed to override routing; two at once for rotation. */
        Optional<List<String>> tokenHashes();
    }

    /** The write API's service credential (ingest presents it), besides the NetworkPolicy. */
    interface InternalApi {

        /** Hashes ("sha256:<hex>") of the bearer tokens allowed to write events; two at once for rotation. */
        Optional<List<String>> tokenHashes();
    }

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

        /** What the topic must guarantee (replicas, min.insync.replicas, timestamps, size); readiness says if not. */
        TopicCheckSettings topicCheck();
    }
}
