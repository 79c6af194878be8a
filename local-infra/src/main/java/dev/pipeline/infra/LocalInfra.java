package dev.pipeline.infra;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/** The whole local infrastructure: a Kafka broker and the Kinesis emulator, started side by side. */
public final class LocalInfra implements AutoCloseable {

    private final Settings settings;
    private final KafkaBroker kafka;
    private final KinesisEmulator kinesis;

    /** Ports, names and the working directory; {@code deleteWorkDir} removes it (logs included) on close. */
    public record Settings(int kafkaPort, int kafkaControllerPort, int kinesisPort, int kinesisTlsPort,
                           Path workDir, boolean deleteWorkDir,
                           String topic, int partitions, String stream, int shards) {

        /** Free ports and a temporary directory that is deleted on close: for tests. */
        public static Settings ephemeral(String topic, int partitions, String stream, int shards) {
            return new Settings(Ports.freePort(), Ports.freePort(), Ports.freePort(), Ports.freePort(),
                    Directories.createTemp("pipeline-infra-"), true, topic, partitions, stream, shards);
        }
    }

    private LocalInfra(Settings settings, KafkaBroker kafka, KinesisEmulator kinesis) {
        this.settings = settings;
        this.kafka = kafka;
        this.kinesis = kinesis;
    }

    /** Starts both parts concurrently; if either fails, the other is stopped and the error rethrown. */
    public static LocalInfra start(InfraRuntime runtime, Settings settings) {
        CompletableFuture<KafkaBroker> kafka = CompletableFuture.supplyAsync(() -> KafkaBroker.start(runtime,
                new KafkaBroker.Settings(settings.kafkaPort(), settings.kafkaControllerPort(),
                        settings.workDir().resolve("kafka"), settings.topic(), settings.partitions())));
        CompletableFuture<KinesisEmulator> kinesis = CompletableFuture.supplyAsync(() -> KinesisEmulator.start(runtime,
                new KinesisEmulator.Settings(settings.kinesisPort(), settings.kinesisTlsPort(),
                        settings.workDir().resolve("kinesis"), settings.stream(), settings.shards())));
        try {
            CompletableFuture.allOf(kafka, kinesis).join();
            return new LocalInfra(settings, kafka.join(), kinesis.join());
        } catch (CompletionException e) {
            kafka.thenAccept(KafkaBroker::close);
            kinesis.thenAccept(KinesisEmulator::close);
            if (settings.deleteWorkDir()) {
                Directories.deleteRecursively(settings.workDir());
            }
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }

    public KafkaBroker kafka() {
        return kafka;
    }

    public KinesisEmulator kinesis() {
        return kinesis;
    }

    public Path workDir() {
        return settings.workDir();
    }

    @Override
    public void close() {
        try {
            kafka.close();
        } finally {
            kinesis.close();
            if (settings.deleteWorkDir()) {
                Directories.deleteRecursively(settings.workDir());
            }
        }
    }
}
