package dev.pipeline.delivery.kinesis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

import software.amazon.awssdk.services.kinesis.model.Shard;

class ShardLineageTest {

    private final Shard parent = Shard.builder().shardId("p").build();
    private final Shard other = Shard.builder().shardId("q").build();
    private final Shard child = Shard.builder().shardId("c").parentShardId("p").adjacentParentShardId("q").build();

    @Test
    void aChildOpensOnlyOnceBothParentsAreDrainedOrExpired() {
        ShardLineage lineage = new ShardLineage();
        assertEquals(List.of(parent, other), lineage.openable(List.of(parent, other, child)));
        lineage.drained("p");
        assertEquals(List.of(), lineage.openable(List.of(parent, other, child)), "q is still open");
        lineage.drained("q");
        assertEquals(List.of(child), lineage.openable(List.of(parent, other, child)));
        assertEquals(List.of(), lineage.openable(List.of(parent, other, child)), "opened once");
    }

    @Test
    void parentsNoLongerListedHaveExpired() {
        assertEquals(List.of(child), new ShardLineage().openable(List.of(child)));
    }
}
