package dev.pipeline.delivery.kinesis;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import software.amazon.awssdk.services.kinesis.model.Shard;

/**
 * Which shards may be read after a reshard: a child only once each parent is drained (read to its end) or no
 * longer listed (expired), so a partition key's records are read in order across a split or merge.
 */
final class ShardLineage {

    private final Set<String> opened = new HashSet<>();
    private final Set<String> drained = new HashSet<>();

    /** Shards of the listing that may be opened now and were not opened before; marks them opened. */
    List<Shard> openable(List<Shard> listing) {
        Set<String> listed = new HashSet<>();
        listing.forEach(shard -> listed.add(shard.shardId()));
        List<Shard> openable = listing.stream()
                .filter(shard -> !opened.contains(shard.shardId()))
                .filter(shard -> parentDone(shard.parentShardId(), listed) && parentDone(shard.adjacentParentShardId(), listed))
                .toList();
        openable.forEach(shard -> opened.add(shard.shardId()));
        return openable;
    }

    /** A closed shard was read to its end. */
    void drained(String shardId) {
        drained.add(shardId);
    }

    private boolean parentDone(String parent, Set<String> listed) {
        return parent == null || !listed.contains(parent) || drained.contains(parent);
    }
}
