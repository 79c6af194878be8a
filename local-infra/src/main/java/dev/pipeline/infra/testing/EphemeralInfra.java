package dev.pipeline.infra.testing;

import dev.pipeline.envelope.EventStreams;
import dev.pipeline.infra.InfraRuntime;
import dev.pipeline.infra.LocalInfra;

/** The pipeline's topic and stream on a broker and an emulator at free ports, for tests that run the services. */
public final class EphemeralInfra {

    private EphemeralInfra() {
    }

    /** Starts both (once more on new ports if that fails); closing the result deletes their temporary directory. */
    public static LocalInfra start() {
        return StartAttempts.start("local infrastructure", () -> LocalInfra.start(InfraRuntime.locate(),
                LocalInfra.Settings.ephemeral(EventStreams.KAFKA_TOPIC, EventStreams.KAFKA_PARTITIONS,
                        EventStreams.KINESIS_STREAM, EventStreams.KINESIS_SHARDS)));
    }
}
