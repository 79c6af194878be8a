package dev.pipeline.delivery.kinesis;

/**
 * Kinesis' read limits per shard (5 GetRecords calls and 2 MiB per second, shared by every reader of the stream), as
 * far as one reader may use them. The live feed reads within them by its poll interval; catch-up reads share a budget.
 */
public interface ReadBudget {

    /** No limit beyond the reader's own pacing. */
    ReadBudget UNLIMITED = new ReadBudget() {
        @Override
        public void beforeCall(String shardId) {
        }

        @Override
        public void read(String shardId, long bytes) {
        }
    };

    /** Waits until a GetRecords call on the shard fits the budget. */
    void beforeCall(String shardId) throws InterruptedException;

    /** A call returned {@code bytes} of records from the shard. */
    void read(String shardId, long bytes);
}
