package dev.pipeline.delivery.kinesis;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.jboss.logging.Logger;

import dev.pipeline.delivery.config.DeliveryConfig;
import dev.pipeline.delivery.merge.EventMerger;
import dev.pipeline.delivery.source.Backoff;
import dev.pipeline.delivery.source.ReadGate;
import dev.pipeline.delivery.source.ReaderThreads;
import dev.pipeline.delivery.source.RejectedRecords;
import dev.pipeline.delivery.source.SourceReader;
import dev.pipeline.delivery.source.SourceStatus;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.ExpiredIteratorException;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.LimitExceededException;
import software.amazon.awssdk.services.kinesis.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

/**
 * Reads every shard of the Kinesis stream from the first record that arrived at or after {@code readFrom} (a shard
 * created later: from its oldest record) with plain GetRecords calls, following
 * resharding: a child shard is read only once its parents are drained, so a key's events stay in order across
 * a split or merge. A round calls all shards at once (so it takes one call's time, not one per shard, and the
 * merge's watermark trails the stream by less); what the calls return is handled on the reader's own thread.
 * Backs off on throttling and errors; reports rounds to its status.
 */
public final class KinesisStreamReader implements SourceReader {

    private static final Logger LOG = Logger.getLogger(KinesisStreamReader.class);

    private final KinesisClient client;
    private final DeliveryConfig.Kinesis config;
    private final EventMerger merger;
    private final SourceStatus status;
    private final Clock clock;
    private final Instant readFrom;
    private final Backoff backoff;
    private final RecordsPerCall recordsPerCall;
    private final ExecutorService calls;
    private final ReadGate gate;
    private final ReadBudget budget;
    /** Open iterators by shard id, in the order shards were discovered. */
    private final Map<String, String> iterators = new LinkedHashMap<>();
    private final Map<String, String> lastSequence = new ConcurrentHashMap<>(); // also read by call threads
    private final ShardLineage lineage = new ShardLineage();
    private final ShardRecords records;
    private volatile boolean running;
    private Thread thread;
    private long lastShardRefresh;

    public KinesisStreamReader(KinesisClient client, DeliveryConfig.Kinesis config, EventMerger merger,
                               SourceStatus status, Clock clock, Instant readFrom) {
        this(client, config, merger, status, clock, readFrom, ReadGate.OPEN, ReadBudget.UNLIMITED, RejectedRecords.uncounted());
    }

    /** A reader whose rounds wait for {@code gate} and whose calls stay within {@code budget}. */
    public KinesisStreamReader(KinesisClient client, DeliveryConfig.Kinesis config, EventMerger merger,
                               SourceStatus status, Clock clock, Instant readFrom, ReadGate gate, ReadBudget budget,
                               RejectedRecords rejected) {
        this.gate = gate;
        this.budget = budget;
        this.records = new ShardRecords(merger, status, clock, rejected);
        this.client = client;
        this.config = config;
        this.merger = merger;
        this.status = status;
        this.clock = clock;
        this.readFrom = readFrom;
        this.backoff = new Backoff(config.pollInterval(), config.maxBackoff());
        this.recordsPerCall = new RecordsPerCall(config.maxRecordsPerCall());
        this.calls = Executors.newFixedThreadPool(config.parallelReads(), runnable -> {
            Thread thread = new Thread(runnable, "kinesis-shard-call");
            thread.setDaemon(true);
            return thread;
        });
    }

    @Override
    public void start() {
        running = true;
        thread = ReaderThreads.start("kinesis-stream-reader", this::run);
    }

    @Override
    public void close() {
        running = false;
        ReaderThreads.stop(thread);
        calls.shutdownNow();
    }

    private void run() {
        while (running) {
            Duration pause;
            try {
                gate.awaitRoom(status);
                pause = round() ? backoff.succeeded() : config.pollInterval();
                merger.advance(); // within the try: an error in it is a reader failure too (the ticker advances after one)
            } catch (ProvisionedThroughputExceededException | LimitExceededException e) {
                status.failed("throttled by Kinesis: " + e.getMessage());
                pause = backoff.failed();
            } catch (ApiCallTimeoutException | ApiCallAttemptTimeoutException e) {
                status.failed("Kinesis read failed: " + e.getMessage());
                recordsPerCall.timedOut();
                LOG.debugf("Kinesis read timed out; asking for %d records per call", recordsPerCall.current());
                pause = backoff.failed();
            } catch (SdkException e) {
                status.failed("Kinesis read failed: " + e.getMessage());
                LOG.debugf("Kinesis read failed, retrying: %s", e.getMessage());
                pause = backoff.failed();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException | Error e) {
                // a fault of this replica, not of Kinesis (any error: an OutOfMemoryError ends the JVM first): never
                // end the thread silently; restart the round
                status.readerFailed("Kinesis reader failed: " + e);
                LOG.error("Kinesis reader failed; retrying after a pause", e);
                pause = backoff.failed();
            }
            try {
                Thread.sleep(pause.toMillis()); // paces GetRecords below Kinesis' per-shard limit
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** One GetRecords call per open shard, all at once; true when the round read everything written before it started. */
    private boolean round() {
        Instant start = clock.instant();
        if (System.nanoTime() - lastShardRefresh > config.shardRefreshInterval().toNanos() || iterators.isEmpty()) {
            refreshShards();
        }
        List<Map.Entry<String, String>> open = List.copyOf(iterators.entrySet());
        int limit = recordsPerCall.current();
        List<CompletableFuture<GetRecordsResponse>> responses = open.stream()
                .map(shard -> CompletableFuture.supplyAsync(() -> fetch(shard.getKey(), shard.getValue(), limit), calls))
                .toList();
        boolean caughtUp = !open.isEmpty();
        long maxBehind = 0;
        for (int i = 0; i < open.size(); i++) {
            String shardId = open.get(i).getKey();
            GetRecordsResponse response = await(responses.get(i));
            long behind = response.millisBehindLatest() == null ? 0 : response.millisBehindLatest();
            boolean atTip = behind == 0 && response.records().size() < limit;
            records.noteBound(shardId, response.records(), atTip ? start : null);
            admit(shardId, response);
            maxBehind = Math.max(maxBehind, behind);
            // a drained parent means children to open: not caught up until they are read
            caughtUp &= atTip && response.nextShardIterator() != null;
        }
        recordsPerCall.succeeded();
        records.reportBounds(iterators.keySet());
        if (caughtUp) {
            status.caughtUp(start);
        } else {
            status.readSucceeded(maxBehind);
        }
        return caughtUp;
    }

    /** The call's response; its failure rethrown as what the call threw, so {@link #run} can tell throttling apart. */
    private static GetRecordsResponse await(CompletableFuture<GetRecordsResponse> response) {
        try {
            return response.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }

    private void refreshShards() {
        for (Shard shard : lineage.openable(client.listShards(r -> r.streamName(config.stream())).shards())) {
            String iterator = client.getShardIterator(r -> r.streamName(config.stream()).shardId(shard.shardId())
                    .shardIteratorType(ShardIteratorType.AT_TIMESTAMP).timestamp(readFrom)).shardIterator();
            iterators.put(shard.shardId(), iterator);
        }
        lastShardRefresh = System.nanoTime();
    }

    /** Runs on a call thread: reads no reader state but the (concurrent) last sequence per shard. */
    private GetRecordsResponse fetch(String shardId, String iterator, int limit) {
        try {
            budget.beforeCall(shardId);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CompletionException(e);
        }
        GetRecordsResponse response;
        try {
            response = client.getRecords(r -> r.shardIterator(iterator).limit(limit));
        } catch (ExpiredIteratorException e) {
            String renewed = renew(shardId);
            response = client.getRecords(r -> r.shardIterator(renewed).limit(limit));
        }
        long bytes = 0;
        for (Record record : response.records()) {
            bytes += record.data().asByteBuffer().remaining();
        }
        budget.read(shardId, bytes);
        return response;
    }

    private void admit(String shardId, GetRecordsResponse response) {
        List<Record> read = response.records();
        records.admit(shardId, read);
        if (!read.isEmpty()) {
            // noted once merged: a renewed iterator goes on after it, so a round that failed is read again
            lastSequence.put(shardId, read.get(read.size() - 1).sequenceNumber());
        }
        if (response.nextShardIterator() == null) {
            // a closed shard read to its end: its children may start now
            iterators.remove(shardId);
            records.drained(shardId);
            lineage.drained(shardId);
            lastShardRefresh = 0;
        } else {
            iterators.put(shardId, response.nextShardIterator());
        }
    }

    /** A fresh iterator after the last record read (iterators expire after five minutes). */
    private String renew(String shardId) {
        String after = lastSequence.get(shardId);
        return client.getShardIterator(r -> {
            r.streamName(config.stream()).shardId(shardId);
            if (after == null) {
                r.shardIteratorType(ShardIteratorType.AT_TIMESTAMP).timestamp(readFrom);
            } else {
                r.shardIteratorType(ShardIteratorType.AFTER_SEQUENCE_NUMBER).startingSequenceNumber(after);
            }
        }).shardIterator();
    }
}
