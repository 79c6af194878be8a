package dev.pipeline.infra.testing;

import java.nio.file.Path;
import java.util.Map;

import dev.pipeline.envelope.EventStreams;
import dev.pipeline.infra.Directories;
import dev.pipeline.infra.InfraRuntime;
import dev.pipeline.infra.KafkaBroker;
import dev.pipeline.infra.Ports;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * A real Kafka broker process for a {@code @QuarkusTest}: returns {@code kafka.bootstrap.servers} and injects
 * the broker into fields annotated {@link InjectKafkaBroker}.
 */
public class KafkaBrokerResource implements QuarkusTestResourceLifecycleManager {

    private KafkaBroker broker;
    private Path workDir;

    @Override
    public Map<String, String> start() {
        workDir = Directories.createTemp("pipeline-kafka-");
        broker = startBroker(workDir, EventStreams.KAFKA_TOPIC, EventStreams.KAFKA_PARTITIONS);
        return Map.of("kafka.bootstrap.servers", broker.bootstrapServers());
    }

    /** Starts a broker on free ports with {@code topic} of {@code partitions} partitions, retried once. */
    public static KafkaBroker startBroker(Path workDir, String topic, int partitions) {
        return StartAttempts.start("Kafka broker", workDir, dir -> KafkaBroker.start(InfraRuntime.locate(),
                new KafkaBroker.Settings(Ports.freePort(), Ports.freePort(), dir, topic, partitions)));
    }

    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(broker,
                new TestInjector.AnnotatedAndMatchesType(InjectKafkaBroker.class, KafkaBroker.class));
    }

    @Override
    public void stop() {
        stopBroker(broker, workDir);
    }

    /** Stops a broker {@link #startBroker} started (if it did) and deletes its directory. */
    public static void stopBroker(KafkaBroker broker, Path workDir) {
        try {
            if (broker != null) {
                broker.close();
            }
        } finally {
            Directories.deleteRecursively(workDir);
        }
    }
}
