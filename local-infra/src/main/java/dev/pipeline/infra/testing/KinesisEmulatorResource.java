package dev.pipeline.infra.testing;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;

import dev.pipeline.envelope.EventStreams;
import dev.pipeline.infra.Directories;
import dev.pipeline.infra.InfraRuntime;
import dev.pipeline.infra.KinesisEmulator;
import dev.pipeline.infra.Ports;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * The kinesis-local emulator for a {@code @QuarkusTest}. Returns the Kinesis client settings under the prefix
 * given by the init argument {@value #CONFIG_PREFIX} (e.g. {@code router.kinesis}) and injects the emulator
 * into fields annotated {@link InjectKinesisEmulator}.
 */
public class KinesisEmulatorResource implements QuarkusTestResourceLifecycleManager {

    public static final String CONFIG_PREFIX = "config-prefix";

    private String prefix = "kinesis";
    private KinesisEmulator emulator;
    private Path workDir;

    @Override
    public void init(Map<String, String> initArgs) {
        prefix = initArgs.getOrDefault(CONFIG_PREFIX, prefix);
    }

    @Override
    public Map<String, String> start() {
        workDir = Directories.createTemp("pipeline-kinesis-");
        emulator = startEmulator(workDir, EventStreams.KINESIS_SHARDS);
        return clientConfig(prefix, emulator.endpoint());
    }

    /** Starts the emulator on free ports with the pipeline's stream of {@code shards} shards, retried once. */
    public static KinesisEmulator startEmulator(Path workDir, int shards) {
        return StartAttempts.start("Kinesis emulator", workDir, dir -> KinesisEmulator.start(InfraRuntime.locate(),
                new KinesisEmulator.Settings(Ports.freePort(), Ports.freePort(), dir, EventStreams.KINESIS_STREAM,
                        shards)));
    }

    /** A service's Kinesis client settings under {@code prefix} for a local endpoint (the emulator or a proxy). */
    public static Map<String, String> clientConfig(String prefix, URI endpoint) {
        return Map.of(
                prefix + ".endpoint-override", endpoint.toString(),
                prefix + ".region", KinesisEmulator.REGION,
                prefix + ".static-credentials.access-key-id", KinesisEmulator.ACCESS_KEY,
                prefix + ".static-credentials.secret-access-key", KinesisEmulator.SECRET_KEY);
    }

    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(emulator,
                new TestInjector.AnnotatedAndMatchesType(InjectKinesisEmulator.class, KinesisEmulator.class));
    }

    @Override
    public void stop() {
        try {
            if (emulator != null) {
                emulator.close();
            }
        } finally {
            Directories.deleteRecursively(workDir);
        }
    }
}
