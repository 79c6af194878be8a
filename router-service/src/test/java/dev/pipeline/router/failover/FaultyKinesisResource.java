package dev.pipeline.router.failover;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;

import dev.pipeline.envelope.EventStreams;
import dev.pipeline.infra.Directories;
import dev.pipeline.infra.KinesisEmulator;
import dev.pipeline.infra.Ports;
import dev.pipeline.infra.TcpFaultProxy;
import dev.pipeline.infra.testing.KinesisEmulatorResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/** Starts the Kinesis emulator with a fault proxy in front; the router talks to the proxy. */
public class FaultyKinesisResource implements QuarkusTestResourceLifecycleManager {

    private KinesisEmulator emulator;
    private TcpFaultProxy proxy;
    private Path workDir;

    @Override
    public Map<String, String> start() {
        workDir = Directories.createTemp("pipeline-faulty-kinesis-");
        emulator = KinesisEmulatorResource.startEmulator(workDir, EventStreams.KINESIS_SHARDS);
        proxy = TcpFaultProxy.start(Ports.freePort(), emulator.endpoint().getPort());
        return KinesisEmulatorResource.clientConfig("router.kinesis", URI.create("http://localhost:" + proxy.port()));
    }

    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(new FaultyKinesis(emulator, proxy),
                new TestInjector.MatchesType(FaultyKinesis.class));
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
            Directories.deleteRecursively(workDir);
        }
    }
}
