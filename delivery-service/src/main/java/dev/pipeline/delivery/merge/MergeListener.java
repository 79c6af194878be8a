package dev.pipeline.delivery.merge;

/** Told about what the merger does, for metrics and to wake up connections; must never block. */
public interface MergeListener {

    /** Events up to {@code lastSequence} are in the history. */
    void emitted(long lastSequence);

    void duplicateDropped();

    /** An event arrived below the watermark already passed and was emitted out of sort order. */
    void lateEmitted();

    /** The pending buffer overflowed and its oldest event was released before the watermark reached it. */
    void forcedRelease();
}
