package dev.pipeline.delivery.config;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.pipeline.envelope.ControlTopic;
import dev.pipeline.envelope.EventStreams;
import dev.pipeline.support.kafka.TopicCheckSettings;
import dev.pipeline.support.kinesis.KinesisClientSettings;
import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Every setting of delivery: both sources, the merge, the SSE feed and the partners. */
@ConfigMapping(prefix = "delivery")
public interface DeliveryConfig {

    /** The Kinesis source. */
    Kinesis kinesis();

    /** The Kafka source; broker connection settings stay under kafka.* (e.g. kafka.bootstrap.servers). */
    Kafka kafka();

    /** Ordering and de-duplication of the merged feed. */
    Merge merge();

    /** The recent tail of the merged feed kept in memory, and how a starting replica primes it. */
    History history();

    /** Partners resuming from further back than the in-memory tail: the streams are read again from their cursor. */
    CatchUp catchUp();

    /** The SSE feed. */
    Sse sse();

    /** Partners by name: their credentials and entitlements. */
    Map<String, Partner> partners();

    /** The operators' API ({@code /v1/admin/*}). */
    Admin admin();

    /** Records on the streams that are not events of this pipeline: how many are kept for the listing, how often logged. */
    Rejections rejectedRecords();

    /** Operators' API settings. */
    interface Admin {

        /** Hashes (sha256:<hex>) of the admin bearer tokens; two may be valid at once for rotation; none: every call is refused. */
        Optional<List<String>> tokenHashes();
    }

    /** Settings of the skipped-records listing and log. */
    interface Rejections {

        /** How many of the latest skipped records are kept for GET /v1/admin/rejected (memory is bounded by this). */
        @WithDefault("1000")
        int kept();

        /** Shortest time between two log lines about skipped records of one source (the rest are counted in the next). */
        @WithDefault("1s")
        Duration logInterval();
    }

    /** This replica's status on the fleet's control topic, for the routers' fleet view. */
    Fleet fleet();

    /** Status published to the control topic (docs/adr/0050). */
    interface Fleet {

        /**
         * The compacted control topic: this replica publishes its status there (the SmallRye channel control-out), and
         * its Kafka readers read the routers' heartbeats from it, beside the events' topic (where routers of earlier
         * versions write them).
         */
        @WithDefault(ControlTopic.NAME)
        String topic();

        /** How often this replica publishes its status. */
        @WithDefault("2s")
        Duration statusInterval();

        /** This replica's name in the fleet view; a random id per start when unset. */
        Optional<String> replicaId();
    }

    /** Kinesis reading settings. */
    interface Kinesis extends KinesisClientSettings {

        /** Pause between two GetRecords rounds over all shards (Kinesis allows 5 calls/s per shard). */
        @WithDefault("200ms")
        Duration pollInterval();

        /** GetRecords calls of one round that run at the same time (one per shard, up to this many). */
        @WithDefault("8")
        int parallelReads();

        /** Records asked for per GetRecords call. */
        @WithDefault("1000")
        int maxRecordsPerCall();

        /** How often the shard list is refreshed to follow resharding. */
        @WithDefault("10s")
        Duration shardRefreshInterval();

        /**
         * Longest pause after throttling or errors; the pause doubles from the poll interval up to this. Well below
         * merge.idle-timeout: a stream back within the idle timeout must be read again before it expires, or the
         * feed goes on without the records it still holds.
         */
        @WithDefault("1s")
        Duration maxBackoff();

        /** Enhanced fan-out for the live feed; catch-up reads always poll, within their own budget. */
        EnhancedFanOut enhancedFanOut();
    }

    /**
     * Enhanced fan-out: Kinesis pushes each shard's records over HTTP/2 to a consumer registered for this replica, with
     * the consumer's own read throughput, so replicas no longer share GetRecords' 5 calls per shard per second.
     */
    interface EnhancedFanOut {

        /**
         * Read the live feed through enhanced fan-out; off: GetRecords polling. The replica polls instead when its
         * consumer cannot be registered or no subscription starts.
         */
        @WithDefault("false")
        boolean enabled();

        /**
         * The consumer's name; each replica needs its own, as each reads every shard. Unset: {@code delivery-} and the
         * host name (the pod's name). Deregistered when the replica stops.
         */
        Optional<String> consumerName();

        /** Longest wait for the consumer to become active before the replica polls instead. */
        @WithDefault("60s")
        Duration registrationTimeout();

        /** A subscription is renewed after this long at the latest; Kinesis ends each after 5 minutes. */
        @WithDefault("5m")
        Duration subscriptionRenewal();

        /**
         * How long before it arrives a pushed event may have found its shard at its tip: a shard is counted read only
         * through the arrival less this (the emulator pushes what it found a second earlier).
         */
        @WithDefault("1s")
        Duration tipDelay();
    }

    /** Kafka reading settings. */
    interface Kafka {

        /** Topic to read. */
        @WithDefault(EventStreams.KAFKA_TOPIC)
        String topic();

        /**
         * Longest one poll waits for records, and the longest the broker parks an empty fetch (fetch.max.wait.ms):
         * the end-offset request of each round waits behind a parked fetch on the same connection.
         */
        @WithDefault("25ms")
        Duration pollTimeout();

        /** Longest a metadata or end-offset request may take before the round counts as failed. */
        @WithDefault("2s")
        Duration requestTimeout();

        /**
         * How far a partition's new leader may stamp append times behind its previous leader (the brokers' clock
         * skew): the watermark taken from the append times read stays this far behind them.
         */
        @WithDefault("100ms")
        Duration appendTimeSkew();

        /** How often the partition list is refreshed to follow added partitions. */
        @WithDefault("30s")
        Duration partitionRefreshInterval();

        /** What the topic must guarantee (replicas, min.insync.replicas, timestamps, size); readiness says if not. */
        TopicCheckSettings topicCheck();
    }

    /** Ordering and de-duplication settings. */
    interface Merge {

        /**
         * How far the watermark trails Kinesis' caught-up time: how late after its arrival timestamp Kinesis may make a
         * record readable (AWS: propagation typically under 1 s), plus clock skew.
         */
        @WithDefault("500ms")
        Duration reorderAllowance();

        /**
         * The same for Kafka: a record is readable once its replicas have it, so this covers replication and clock
         * skew between brokers and this replica.
         */
        @WithDefault("100ms")
        Duration kafkaReorderAllowance();

        /**
         * A router whose heartbeats stopped for this long on both streams is forgotten: its last promises no longer
         * hold a source's bound back (a killed router would otherwise keep the merge waiting on that source for good).
         */
        @WithDefault("30s")
        Duration routerExpiry();

        /** A source failing (or never caught up) for longer than this no longer holds the watermark back. */
        @WithDefault("10s")
        Duration idleTimeout();

        /**
         * How long a source never read yet holds the watermark back at startup: a starting replica's first reads
         * cover the rebuild window and can outlast the idle timeout (a restart under load took over 10 s to read
         * Kinesis once, and the feed went on without it: 114 events out of order).
         */
        @WithDefault("30s")
        Duration startupTimeout();

        /** Events waiting for the watermark; beyond it the oldest are released early (memory stays bounded). */
        @WithDefault("100000")
        int maxPending();

        /** The same bound in bytes of the events' JSON: a few large events must not exhaust the heap. */
        @WithDefault("64M")
        MemorySize maxPendingBytes();

        /**
         * How long a source's observed visibility delay (a record readable only after a moment the source was
         * reported read to its end, though stored before it) keeps widening the reorder allowance for it.
         */
        @WithDefault("2m")
        Duration visibilityLagMemory();

        /**
         * On a resume with a cursor, late events (emitted out of order) sorting less than this below the cursor are
         * sent again: the partner may have missed them on the replica it left. It may get such an event twice.
         */
        @WithDefault("5m")
        Duration lateResendWindow();

        /** How often the watermark is re-evaluated when no source reports progress. */
        @WithDefault("250ms")
        Duration tickInterval();
    }

    /** Bounds of the in-memory history and duplicate window. */
    interface History {

        /** Events kept in memory for resuming partners; older cursors are served by a catch-up read of the streams. */
        @WithDefault("100000")
        int maxEvents();

        /** The same bound in bytes of the events' JSON. */
        @WithDefault("192M")
        MemorySize maxBytes();

        /** Event identities (source + id) remembered to drop duplicates; at least max-events. */
        @WithDefault("200000")
        int dedupWindow();

        /**
         * How far back a starting replica reads both streams: at least the duplicate lookback, which it needs to keep
         * the same copy of a duplicated event as every other replica. Older cursors are served by catch-up reads, so a
         * restart does not replay a long window before it serves.
         */
        @WithDefault("1m")
        Duration rebuildWindow();

        /**
         * The longest time between the storage of two copies of one event (the router's rewrite of a write Kinesis
         * did not confirm, its copies of recent Kinesis writes at a failover): a feed read from time T keeps the same
         * copy as every other replica for events stored from T plus this on.
         */
        @WithDefault("30s")
        Duration duplicateLookback();

        /**
         * How long the routers' marked copies of Kinesis writes are remembered, so their Kinesis originals are dropped
         * however late a hung Kinesis shows them: at least Kinesis' retention (24 h by default).
         */
        @WithDefault("26h")
        Duration copiesSpan();

        /**
         * Most copies remembered, 24 bytes each, allocated at start; beyond it the oldest are forgotten early (counted
         * in {@code delivery.copies.forgotten}). Copies are the events at the edges of outages, not the traffic.
         */
        @WithDefault("500000")
        int copiesCapacity();
    }

    /** Catch-up reads of both streams for partners resuming from before the in-memory tail. */
    interface CatchUp {

        /** Catch-up reads running at once on this replica; partners resuming near the same point share one. */
        @WithDefault("8")
        int maxSessions();

        /** Start times of catch-up reads are rounded down to this, so partners resuming near one point share a read. */
        @WithDefault("1m")
        Duration joinGranularity();

        /** Events a catch-up read keeps for its partners; it pauses reading while its slowest partner is this far behind. */
        @WithDefault("20000")
        int bufferEvents();

        /** The same bound in bytes. */
        @WithDefault("32M")
        MemorySize bufferBytes();

        /** A partner that reads nothing for this long while its catch-up waits for it is disconnected (it resumes later). */
        @WithDefault("30s")
        Duration stallTimeout();

        /** GetRecords calls per second and shard all catch-up reads of this replica may make together. */
        @WithDefault("2")
        int kinesisCallsPerShardPerSecond();

        /** Bytes per second and shard all catch-up reads of this replica may read from Kinesis together. */
        @WithDefault("1M")
        MemorySize kinesisBytesPerShardPerSecond();

        /** How long the streams' retention (the oldest point a cursor can resume from) is remembered once asked. */
        @WithDefault("30s")
        Duration retentionRefresh();
    }

    /** SSE feed settings. */
    interface Sse {

        /** Reconnection delay suggested to clients in the retry: field. */
        @WithDefault("2s")
        Duration retry();

        /** Interval of heartbeat comments on every connection. */
        @WithDefault("15s")
        Duration heartbeatInterval();

        /** Live events a connection may have waiting (its buffer) before it counts as falling behind. */
        @WithDefault("1000")
        int bufferSize();

        /** How long a connection may stay more than buffer-size behind (bursts pass) before it is disconnected. */
        @WithDefault("2s")
        Duration lagTolerance();

        /** How long a disconnected slow partner gets to read the closing reason before the socket is closed. */
        @WithDefault("5s")
        Duration closeGracePeriod();

        /**
         * How often at most a connection whose filter skipped events sends an id-only message, so its resume cursor
         * moves on past them (a browser's EventSource takes the id without dispatching an event).
         */
        @WithDefault("5s")
        Duration cursorRefreshInterval();
    }

    /** One partner. */
    interface Partner {

        /** Hashes of the partner's API keys as "sha256:<hex>"; two at once allow rotation. */
        Optional<List<String>> apiKeyHashes();

        /** Event types the partner may receive: exact names or prefixes ending in "*" ("*" = all). */
        List<String> eventTypes();

        /** Signed JWTs the partner may present instead of an API key. */
        Optional<Jwt> jwt();

        /** Streams the partner may hold open at once on one replica; one more is answered 429. */
        @WithDefault("100")
        int maxStreams();
    }

    /** A partner's JWT trust: who issues its tokens, for whom, for how long, and the keys that sign them. */
    interface Jwt {

        /** The key of tokens without a "kid" header: RSA or EC public key, PEM or bare base64 X.509. */
        Optional<String> publicKey();

        /** The one algorithm public-key verifies (RS256/384/512, PS256/384/512, ES256/384/512); default from the key. */
        Optional<String> algorithm();

        /** Keys by the "kid" of the tokens they verify; several at once let the partner rotate its signing key. */
        Map<String, JwtKey> keys();

        /** The "iss" of the partner's tokens, which picks the partner before any signature is checked; default its name. */
        Optional<String> issuer();

        /** The "aud" a token must name: this service. */
        @WithDefault("pipeline-delivery")
        String audience();

        /** Longest validity a token may claim (exp minus iat, or minus now without iat). */
        @WithDefault("1h")
        Duration maxLifetime();

        /** The partner's JWK set; its keys (each with a kid) are trusted besides the configured ones. */
        Optional<URI> jwksUrl();

        /** How often the JWK set is fetched again (after a failure: at most 30 s later). */
        @WithDefault("10m")
        Duration jwksRefreshInterval();
    }

    /** One named signing key of a partner. */
    interface JwtKey {

        /** RSA or EC public key, PEM or bare base64 X.509. */
        String publicKey();

        /** The one algorithm this key verifies; default from the key (RS256, or ES256/384/512 by curve). */
        Optional<String> algorithm();
    }
}
