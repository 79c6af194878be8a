package dev.pipeline.delivery.kinesis;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.jboss.logging.Logger;

import dev.pipeline.delivery.config.DeliveryConfig;
import dev.pipeline.delivery.merge.EventMerger;
import dev.pipeline.delivery.source.Backoff;
import dev.pipeline.delivery.source.ReadGate;
import dev.pipeline.delivery.source.ReaderThreads;
import dev.pipeline.delivery.source.RejectedRecords;
import dev.pipeline.delivery.source.SourceReader;
import dev.pipeline.delivery.source.SourceStatus;
import dev.pipeline.support.kinesis.KinesisClients;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.Protocol;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClientBuilder;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;
import software.amazon.awssdk.services.kinesis.model.StartingPosition;
import software.amazon.awssdk.services.kinesis.model.SubscribeToShardEvent;
import software.amazon.awssdk.services.kinesis.model.SubscribeToShardResponseHandler;

/**
 * Reads every shard of the Kinesis stream through enhanced fan-out: Kinesis pushes each shard's records over HTTP/2 to
 * this replica's registered consumer ({@link StreamConsumer}), from the first record that arrived at or after
 * {@code readFrom}. What it does with the records, and how it follows resharding (children once their parents are
 * drained), is what the polling reader does; a subscription that ends (Kinesis ends each after 5 minutes, or renewal)
 * is followed by the next from the last event handled, one that fails by the next after a backoff.
 *
 * <p>An event finding its shard at its tip says nothing was stored after what it holds when Kinesis assembled it, a
 * moment before it arrived here: the shard counts as read through its arrival less the configured tip delay.
 *
 * <p>When the consumer cannot be registered (the stream's 20 consumers, permissions) or no subscription starts (an
 * endpoint without HTTP/2), before anything was read, the replica polls instead ({@code polling}).
 */
public final class KinesisPushReader implements SourceReader {

    private static final Logger LOG = Logger.getLogger(KinesisPushReader.class);
    /** Subscriptions failing in a row before any event arrived, before the replica polls instead. */
    private static final int FAILURES_BEFORE_POLLING = 3;

    private final KinesisClient control;
    private final DeliveryConfig.Kinesis config;
    private final EventMerger merger;
    private final SourceStatus status;
    private final Clock clock;
    private final Instant readFrom;
    private final ReadGate gate;
    private final Supplier<SourceReader> polling;
    private final ShardRecords records;
    private final ShardLineage lineage = new ShardLineage();
    private final BlockingQueue<ShardSubscription.Pushed> pushed = new LinkedBlockingQueue<>();
    /** The shards being read, in the order they were opened. */
    private final Map<String, OpenShard> open = new LinkedHashMap<>();
    private volatile boolean running;
    private volatile SourceReader fallback;
    private volatile int subscriptionsStarted;
    private Thread thread;
    private KinesisAsyncClient client;
    private StreamConsumer consumer;
    private boolean eventArrived;
    private int failuresInARow;
    private long lastShardRefresh;

    /** A shard being read: where its next subscription starts, and the one running (null between two). */
    private final class OpenShard {
        final String shardId;
        final Backoff backoff = new Backoff(config.pollInterval(), config.maxBackoff());
        String continuation;
        /** Listed with an ending sequence number: resharded, so nothing more is written to it. */
        boolean closed;
        ShardSubscription subscription;
        long retryAt;
        /** Read through this moment, if its latest event found it at its tip; null while it is behind. */
        Instant tipAt;
        long behind = -1;

        OpenShard(String shardId) {
            this.shardId = shardId;
        }
    }

    public KinesisPushReader(KinesisClient control, DeliveryConfig.Kinesis config, EventMerger merger, SourceStatus status,
                             Clock clock, Instant readFrom, ReadGate gate, RejectedRecords rejected,
                             Supplier<SourceReader> polling) {
        this.control = control;
        this.config = config;
        this.merger = merger;
        this.status = status;
        this.clock = clock;
        this.readFrom = readFrom;
        this.gate = gate;
        this.polling = polling;
        this.records = new ShardRecords(merger, status, clock, rejected);
    }

    @Override
    public void start() {
        running = true;
        thread = ReaderThreads.start("kinesis-push-reader", this::run);
    }

    /** True while this reader reads through enhanced fan-out, false once it fell back to polling. */
    public boolean pushing() {
        return fallback == null;
    }

    /** Subscriptions this reader started, renewals and retries included. */
    public int subscriptionsStarted() {
        return subscriptionsStarted;
    }

    @Override
    public void close() {
        running = false;
        ReaderThreads.stop(thread);
        stopSubscriptions();
        SourceReader polled = fallback;
        if (polled != null) {
            polled.close();
        }
        if (consumer != null) {
            consumer.deregister();
        }
        if (client != null) {
            client.close();
        }
    }

    private void run() {
        try {
            client = asyncClient(config);
            consumer = StreamConsumer.register(control, config.stream(), consumerName(config),
                    config.enhancedFanOut().registrationTimeout());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (SdkException | IllegalStateException e) {
            pollInstead("its consumer could not be registered: " + e.getMessage());
            return;
        }
        LOG.infof("Reading Kinesis through enhanced fan-out as %s", consumer.arn());
        while (running && fallback == null) {
            try {
                gate.awaitRoom(status);
                subscribeOpenShards();
                ShardSubscription.Pushed next = pushed.poll(config.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
                if (next != null) {
                    handle(next);
                }
                merger.advance(); // within the try: an error in it is a reader failure too (the ticker advances after one)
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (SdkException e) {
                status.failed("Kinesis read failed: " + e.getMessage());
                LOG.debugf("Kinesis shard listing failed, retrying: %s", e.getMessage());
                pause(config.maxBackoff());
            } catch (RuntimeException | Error e) {
                // a fault of this replica, not of Kinesis (any error: an OutOfMemoryError ends the JVM first): never
                // end the thread silently
                status.readerFailed("Kinesis reader failed: " + e);
                LOG.error("Kinesis push reader failed; retrying after a pause", e);
                pause(config.maxBackoff());
            }
        }
    }

    /** Lists the shards when due, and starts a subscription for each open shard that has none and may retry. */
    private void subscribeOpenShards() {
        long now = System.nanoTime();
        if (now - lastShardRefresh > config.shardRefreshInterval().toNanos() || open.isEmpty()) {
            List<Shard> listing = control.listShards(r -> r.streamName(config.stream())).shards();
            for (Shard shard : lineage.openable(listing)) {
                open.put(shard.shardId(), new OpenShard(shard.shardId()));
            }
            for (Shard shard : listing) {
                OpenShard reading = open.get(shard.shardId());
                if (reading != null && shard.sequenceNumberRange() != null
                        && shard.sequenceNumberRange().endingSequenceNumber() != null) {
                    reading.closed = true;
                }
            }
            lastShardRefresh = now;
        }
        long renewal = config.enhancedFanOut().subscriptionRenewal().toNanos();
        for (OpenShard shard : open.values()) {
            if (shard.subscription != null && now - shard.subscription.startedNanos() > renewal) {
                shard.subscription.cancel(); // its queued events are dropped below and pushed again by the next
                shard.subscription = null;
            }
            if (shard.subscription == null && now - shard.retryAt >= 0) {
                subscribe(shard);
            }
        }
    }

    private void subscribe(OpenShard shard) {
        StartingPosition position = shard.continuation == null
                ? StartingPosition.builder().type(ShardIteratorType.AT_TIMESTAMP).timestamp(readFrom).build()
                : StartingPosition.builder().type(ShardIteratorType.AFTER_SEQUENCE_NUMBER)
                        .sequenceNumber(shard.continuation).build();
        ShardSubscription subscription = new ShardSubscription(shard.shardId, pushed, clock);
        shard.subscription = subscription;
        subscriptionsStarted++; // written by the reader thread only
        client.subscribeToShard(r -> r.consumerARN(consumer.arn()).shardId(shard.shardId).startingPosition(position),
                        SubscribeToShardResponseHandler.builder().subscriber(() -> subscription).build())
                .whenComplete((done, failure) -> subscription.ended(failure));
    }

    private void handle(ShardSubscription.Pushed next) {
        OpenShard shard = open.get(next.from().shardId());
        if (shard == null || shard.subscription != next.from()) {
            return; // from a subscription renewed or ended meanwhile: the next one pushes its records again
        }
        if (next.ended()) {
            ended(shard, next.failure());
            return;
        }
        SubscribeToShardEvent event = next.event();
        eventArrived = true;
        failuresInARow = 0;
        shard.backoff.succeeded();
        shard.behind = event.millisBehindLatest() == null ? 0 : event.millisBehindLatest();
        shard.tipAt = shard.behind == 0 ? next.receivedAt().minus(config.enhancedFanOut().tipDelay()) : null;
        try {
            records.admit(shard.shardId, event.records());
        } catch (RuntimeException | Error e) {
            // the merge failed on this event, which is never to be asked past: subscribe again after the last
            // continuation handled (what was merged comes again, as duplicates); the reader's loop counts the failure
            shard.subscription.cancel();
            shard.subscription = null;
            shard.retryAt = System.nanoTime() + shard.backoff.failed().toNanos();
            throw e;
        }
        records.noteBound(shard.shardId, event.records(), shard.tipAt);
        shard.continuation = event.continuationSequenceNumber();
        if (readToItsEnd(shard, event)) {
            // its children may start now
            shard.subscription.cancel();
            open.remove(shard.shardId);
            records.drained(shard.shardId);
            lineage.drained(shard.shardId);
            lastShardRefresh = 0;
        } else {
            shard.subscription.requestNext();
        }
        report();
    }

    /**
     * A closed shard read to its end: Kinesis says so with the shard's children in its last event (and no continuation);
     * a push that finds a shard listed as closed at its tip with nothing new says the same (the emulator's way).
     */
    private static boolean readToItsEnd(OpenShard shard, SubscribeToShardEvent event) {
        return shard.continuation == null || (event.hasChildShards() && !event.childShards().isEmpty())
                || (shard.closed && shard.behind == 0 && event.records().isEmpty());
    }

    /** Kinesis ended the subscription (resubscribe now) or it failed (resubscribe after a backoff). */
    private void ended(OpenShard shard, Throwable failure) {
        shard.subscription = null;
        if (failure == null) {
            shard.retryAt = System.nanoTime();
            return;
        }
        String reason = failure.getCause() != null ? failure.getCause().toString() : failure.toString();
        status.failed("Kinesis subscription to " + shard.shardId + " failed: " + reason);
        LOG.debugf("Kinesis subscription to %s failed, subscribing again: %s", shard.shardId, reason);
        shard.retryAt = System.nanoTime() + shard.backoff.failed().toNanos();
        if (!eventArrived && ++failuresInARow >= FAILURES_BEFORE_POLLING) {
            pollInstead("no subscription started: " + reason);
        }
    }

    /** Caught up once every open shard's latest event found it at its tip: through the earliest of those moments. */
    private void report() {
        records.reportBounds(open.keySet());
        Instant through = null;
        boolean atTip = !open.isEmpty();
        long behind = 0;
        for (OpenShard shard : open.values()) {
            behind = Math.max(behind, shard.behind);
            atTip &= shard.tipAt != null;
            if (shard.tipAt != null && (through == null || shard.tipAt.isBefore(through))) {
                through = shard.tipAt;
            }
        }
        if (atTip) {
            status.caughtUp(through);
        } else {
            status.readSucceeded(behind);
        }
    }

    /** Before anything was read: hands the feed to a polling reader from the same point. */
    private void pollInstead(String reason) {
        LOG.warnf("Enhanced fan-out unavailable (%s); reading Kinesis by polling", reason);
        stopSubscriptions();
        if (consumer != null) {
            consumer.deregister();
            consumer = null;
        }
        SourceReader polled = polling.get();
        fallback = polled;
        polled.start();
    }

    private void stopSubscriptions() {
        for (OpenShard shard : open.values()) {
            if (shard.subscription != null) {
                shard.subscription.cancel();
            }
        }
    }

    private void pause(Duration pause) {
        try {
            Thread.sleep(pause.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The configured consumer name, or {@code delivery-} and the host name (a pod's name). */
    private static String consumerName(DeliveryConfig.Kinesis config) {
        return config.enhancedFanOut().consumerName().orElseGet(() -> {
            try {
                return "delivery-" + InetAddress.getLocalHost().getHostName();
            } catch (UnknownHostException e) {
                throw new IllegalStateException("no host name to name the enhanced fan-out consumer after; set "
                        + "delivery.kinesis.enhanced-fan-out.consumer-name", e);
            }
        });
    }

    /** An asynchronous client over HTTP/2, as SubscribeToShard needs; no call timeout (a subscription lasts minutes). */
    private static KinesisAsyncClient asyncClient(DeliveryConfig.Kinesis settings) {
        KinesisAsyncClientBuilder builder = KinesisAsyncClient.builder()
                .region(KinesisClients.region(settings))
                .credentialsProvider(KinesisClients.credentials(settings))
                .httpClientBuilder(NettyNioAsyncHttpClient.builder()
                        .protocol(Protocol.HTTP2)
                        .connectionTimeout(settings.connectTimeout()));
        settings.endpointOverride().ifPresent(builder::endpointOverride);
        return builder.build();
    }
}
