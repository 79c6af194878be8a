package dev.pipeline.delivery.kinesis;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jboss.logging.Logger;

import dev.pipeline.delivery.config.DeliveryConfig;
import dev.pipeline.delivery.merge.EventMerger;
import dev.pipeline.delivery.merge.SourcedEvent;
import dev.pipeline.envelope.EnvelopeException;
import dev.pipeline.envelope.KinesisRecordCodec;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

/**
 * Reads every shard of the Kinesis stream from its oldest record with plain GetRecords calls on its own
 * thread, following resharding: a child shard is read only once its parents are drained, so a key's events
 * stay in order across a split or merge.
 */
@ApplicationScoped
public class KinesisStreamReader {

    private static final Logger LOG = Logger.getLogger(KinesisStreamReader.class);

    private final KinesisClient client;
    private final DeliveryConfig.Kinesis config;
    private final EventMerger merger;
    /** Open iterators by shard id, in the order shards were discovered. */
    private final Map<String, String> iterators = new LinkedHashMap<>();
    private final Set<String> drained = new HashSet<>();
    private final Set<String> known = new HashSet<>();
    private volatile boolean running;
    private Thread thread;
    private long lastShardRefresh;

    public KinesisStreamReader(KinesisClient client, DeliveryConfig config, EventMerger merger) {
        this.client = client;
        this.config = config.kinesis();
        this.merger = merger;
    }

    void start(@Observes StartupEvent startup) {
        running = true;
        thread = new Thread(this::run, "kinesis-stream-reader");
        thread.setDaemon(true);
        thread.start();
    }

    void stop(@Observes ShutdownEvent shutdown) throws InterruptedException {
        running = false;
        thread.interrupt();
        thread.join(5000);
    }

    private void run() {
        while (running) {
            try {
                if (System.nanoTime() - lastShardRefresh > config.shardRefreshInterval().toNanos() || iterators.isEmpty()) {
                    refreshShards();
                }
                for (Map.Entry<String, String> entry : List.copyOf(iterators.entrySet())) {
                    readShard(entry.getKey(), entry.getValue());
                }
            } catch (SdkException e) {
                LOG.debugf("Kinesis read failed, retrying: %s", e.getMessage());
            }
            try {
                Thread.sleep(config.pollInterval().toMillis()); // paces GetRecords below Kinesis' per-shard limit
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void refreshShards() {
        List<Shard> shards = client.listShards(r -> r.streamName(config.stream())).shards();
        Set<String> listed = new HashSet<>();
        shards.forEach(shard -> listed.add(shard.shardId()));
        for (Shard shard : shards) {
            if (known.contains(shard.shardId()) || !parentsDone(shard, listed)) {
                continue;
            }
            String iterator = client.getShardIterator(r -> r.streamName(config.stream()).shardId(shard.shardId())
                    .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
            iterators.put(shard.shardId(), iterator);
            known.add(shard.shardId());
        }
        lastShardRefresh = System.nanoTime();
    }

    /** A parent no longer listed has expired; one still listed must have been read to its end. */
    private boolean parentsDone(Shard shard, Set<String> listed) {
        return parentDone(shard.parentShardId(), listed) && parentDone(shard.adjacentParentShardId(), listed);
    }

    private boolean parentDone(String parent, Set<String> listed) {
        return parent == null || !listed.contains(parent) || drained.contains(parent);
    }

    private void readShard(String shardId, String iterator) {
        GetRecordsResponse response = client.getRecords(r -> r.shardIterator(iterator).limit(config.maxRecordsPerCall()));
        for (Record record : response.records()) {
            try {
                merger.accept(new SourcedEvent(KinesisRecordCodec.fromData(record.data().asByteArray()),
                        SourcedEvent.KINESIS, shardId + ":" + record.sequenceNumber()));
            } catch (EnvelopeException e) {
                LOG.warnf("Skipping Kinesis record %s/%s that is not a CloudEvent: %s", shardId,
                        record.sequenceNumber(), e.getMessage());
            }
        }
        if (response.nextShardIterator() == null) {
            // a closed shard read to its end: its children may start now
            iterators.remove(shardId);
            drained.add(shardId);
            lastShardRefresh = 0;
        } else {
            iterators.put(shardId, response.nextShardIterator());
        }
    }
}
