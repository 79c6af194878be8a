package dev.pipeline.delivery.merge;

/**
 * An event admitted to the merged feed: its place in this replica's emission order ({@code sequence}, local
 * to the replica), its replica-independent sort key, the attributes it is filtered by, its single-line JSON (UTF-8,
 * the bytes the source stored: never changed, so shared as they are), and whether it was emitted late (below keys
 * already emitted, so out of sort order). The event itself is only in {@code json}.
 */
public record MergedEvent(long sequence, SortKey key, FeedAttributes attributes, byte[] json, boolean late) {

    /** Heap taken besides the JSON's characters: the record, its key, attributes and their strings' headers. */
    private static final int OVERHEAD_BYTES = 256;

    /** Roughly the heap this event holds, for byte budgets. */
    public long footprint() {
        return json.length + OVERHEAD_BYTES;
    }
}
