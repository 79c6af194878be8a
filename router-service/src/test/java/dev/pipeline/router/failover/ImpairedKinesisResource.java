package dev.pipeline.router.failover;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;

import dev.pipeline.envelope.EventStreams;
import dev.pipeline.infra.Directories;
import dev.pipeline.infra.KinesisEmulator;
import dev.pipeline.infra.Ports;
import dev.pipeline.infra.testing.KinesisEmulatorResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/** The Kinesis emulator behind {@link ImpairedKinesisProxy}; the router talks JSON (not CBOR) so the proxy can read it. */
public class ImpairedKinesisResource implements QuarkusTestResourceLifecycleManager {

    private KinesisEmulator emulator;
    private ImpairedKinesisProxy proxy;
    private Path workDir;

    @Override
    public Map<String, String> start() {
        // the AWS SDK reads this when it builds the client; the emulator speaks both encodings
        System.setProperty("aws.cborEnabled", "false");
        workDir = Directories.createTemp("pipeline-impaired-kinesis-");
        emulator = KinesisEmulatorResource.startEmulator(workDir, EventStreams.KINESIS_SHARDS);
        try {
            proxy = new ImpairedKinesisProxy(Ports.freePort(), emulator.endpoint());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return KinesisEmulatorResource.clientConfig("router.kinesis", URI.create("http://localhost:" + proxy.port()));
    }

    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(proxy, new TestInjector.MatchesType(ImpairedKinesisProxy.class));
        testInjector.injectIntoFields(emulator, new TestInjector.MatchesType(KinesisEmulator.class));
    }

    @Override
    public void stop() {
        try {
            if (proxy != null) {
                proxy.close();
            }
            if (emulator != null) {
                emulator.close();
            }
        } finally {
            System.clearProperty("aws.cborEnabled");
            Directories.deleteRecursively(workDir);
        }
    }
}
