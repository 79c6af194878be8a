package dev.pipeline.delivery.merge;

/** A merge listener that ignores what the merger tells it; tests extend it to count what they look at. */
public class IgnoringMergeListener implements MergeListener {

    @Override
    public void emitted(long lastSequence) {
    }

    @Override
    public void duplicateDropped() {
    }

    @Override
    public void lateEmitted() {
    }

    @Override
    public void forcedRelease() {
    }
}
