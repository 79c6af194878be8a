package dev.pipeline.e2e;

import dev.pipeline.tools.drill.Faults;

/** A Kinesis hang on a running pipeline: its emulator frozen (SIGSTOP) for the outage and thawed (SIGCONT) after. */
public class FrozenKinesis implements Faults {

    private final RunningPipeline pipeline;

    public FrozenKinesis(RunningPipeline pipeline) {
        this.pipeline = pipeline;
    }

    @Override
    public void freezeKinesis() {
        pipeline.infra().kinesis().process().freeze();
    }

    @Override
    public void thawKinesis() {
        pipeline.infra().kinesis().process().thaw();
    }
}
