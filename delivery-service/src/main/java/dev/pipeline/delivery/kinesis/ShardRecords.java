package dev.pipeline.delivery.kinesis;

import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.List;

import dev.pipeline.delivery.merge.EventMerger;
import dev.pipeline.delivery.merge.SourcedEvent;
import dev.pipeline.delivery.source.RejectReason;
import dev.pipeline.delivery.source.RejectedRecords;
import dev.pipeline.delivery.source.SourceStatus;
import dev.pipeline.delivery.watermark.LaneBounds;
import dev.pipeline.envelope.EnvelopeException;
import dev.pipeline.envelope.EventStreams;
import dev.pipeline.envelope.KinesisHeartbeat;
import dev.pipeline.envelope.KinesisRecordCodec;
import software.amazon.awssdk.services.kinesis.model.Record;

/**
 * What a Kinesis reader does with the records one shard handed over, however it read them (polled or pushed): events go
 * to the merge, routers' heartbeats to the merge's leases, anything else to the rejected records; and the shard's
 * bound is raised. Used by one reader thread.
 */
final class ShardRecords {

    private final EventMerger merger;
    private final SourceStatus status;
    private final Clock clock;
    private final RejectedRecords rejected;
    /** Per open shard, the arrival time of the latest record read or when it was last found at its tip, less the wait. */
    private final LaneBounds bounds = new LaneBounds();

    ShardRecords(EventMerger merger, SourceStatus status, Clock clock, RejectedRecords rejected) {
        this.merger = merger;
        this.status = status;
        this.clock = clock;
        this.rejected = rejected;
    }

    /**
     * A shard hands its records over in sequence order, and a record's arrival time trails the sequence by at most the
     * source's visibility delay, which the wait covers: what the shard has yet to hand over arrived no earlier than the
     * latest record read, or than {@code tipAt} (a moment the shard was found at its tip; null: it was not), less the
     * wait.
     */
    void noteBound(String shardId, List<Record> records, Instant tipAt) {
        Instant latest = tipAt;
        for (Record record : records) {
            Instant arrival = record.approximateArrivalTimestamp();
            if (arrival != null && (latest == null || arrival.isAfter(latest))) {
                latest = arrival;
            }
        }
        if (latest != null) {
            bounds.raise(shardId, latest.minus(status.watermarkWait()));
        }
    }

    /** Hands the records to the merge in order. */
    void admit(String shardId, List<Record> records) {
        for (Record record : records) {
            String position = shardId + ":" + record.sequenceNumber();
            byte[] data = record.data().asByteArray();
            if (data.length > EventStreams.MAX_EVENT_BYTES) {
                reject(shardId, record, RejectReason.TOO_LARGE, data, "larger than the pipeline's limit of "
                        + EventStreams.MAX_EVENT_BYTES + " bytes per event");
                continue;
            }
            if (KinesisHeartbeat.isHeartbeat(data)) {
                heard(shardId, record, data);
                continue;
            }
            SourcedEvent read;
            try {
                read = new SourcedEvent(KinesisRecordCodec.fromData(data), SourcedEvent.KINESIS, position,
                        record.approximateArrivalTimestamp());
            } catch (EnvelopeException e) {
                reject(shardId, record, RejectReason.ofJson(e), data, e.getMessage());
                continue;
            } catch (RuntimeException e) {
                reject(shardId, record, RejectReason.UNDECODABLE, data, e.toString());
                continue;
            }
            merger.accept(read);
        }
    }

    /** A closed shard was read to its end: it holds the merge back no more. */
    void drained(String shardId) {
        bounds.remove(shardId);
    }

    /** Tells the status how far the open shards are stored through, once each of them has a bound. */
    void reportBounds(Collection<String> openShards) {
        bounds.earliest(openShards).ifPresent(status::storedThrough);
    }

    /** A router's promise about its Kafka writes, not an event. */
    private void heard(String shardId, Record record, byte[] data) {
        try {
            Instant arrival = record.approximateArrivalTimestamp();
            merger.heard(KinesisHeartbeat.fromData(data), arrival == null ? clock.instant() : arrival);
        } catch (RuntimeException e) {
            reject(shardId, record, RejectReason.BAD_HEARTBEAT, data, e.getMessage());
        }
    }

    private void reject(String shardId, Record record, String reason, byte[] data, String detail) {
        rejected.reject(SourcedEvent.KINESIS, shardId, record.sequenceNumber(), reason, data.length, data, detail);
    }
}
