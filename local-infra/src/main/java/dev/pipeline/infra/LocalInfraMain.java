package dev.pipeline.infra;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import dev.pipeline.envelope.EventStreams;

/**
 * Command line entry for {@code bin/pipeline}: starts Kafka and the Kinesis emulator, writes their PIDs and
 * endpoints into the working directory, and runs until SIGTERM, which stops both. Meanwhile the Kinesis endpoint
 * can be taken down and up through {@link EndpointControl} files named {@value #KINESIS_ENDPOINT} there, and impaired
 * through those named {@value #KINESIS_IMPAIRMENT}.
 *
 * <pre>java -cp ... dev.pipeline.infra.LocalInfraMain --dir .pipeline/infra --kafka-port 9092 --kinesis-port 4567</pre>
 */
public final class LocalInfraMain {

    /** Name of the {@link EndpointControl} files of the Kinesis endpoint in the working directory. */
    public static final String KINESIS_ENDPOINT = "kinesis-endpoint";
    /** Name of the {@link EndpointControl} files of the Kinesis endpoint's {@link HttpImpairment}. */
    public static final String KINESIS_IMPAIRMENT = "kinesis-impairment";

    private LocalInfraMain() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        Map<String, String> options = parse(args);
        Path dir = Path.of(options.getOrDefault("--dir", ".pipeline/infra")).toAbsolutePath();
        int kafkaPort = Integer.parseInt(options.getOrDefault("--kafka-port", "9092"));
        int kinesisPort = Integer.parseInt(options.getOrDefault("--kinesis-port", "4567"));
        LocalInfra.Settings settings = new LocalInfra.Settings(kafkaPort,
                Integer.parseInt(options.getOrDefault("--kafka-controller-port", Integer.toString(kafkaPort + 1))),
                kinesisPort,
                Integer.parseInt(options.getOrDefault("--kinesis-tls-port", Integer.toString(kinesisPort + 1))),
                dir, false, EventStreams.KAFKA_TOPIC, EventStreams.KAFKA_PARTITIONS,
                EventStreams.KINESIS_STREAM, EventStreams.KINESIS_SHARDS);
        LocalInfra infra;
        try {
            infra = LocalInfra.start(InfraRuntime.locate(), settings);
        } catch (InfraException e) {
            System.err.println("local infrastructure failed to start: " + e.getMessage());
            System.exit(2);
            return;
        }
        EndpointControl kinesisEndpoint = EndpointControl.start(dir, KINESIS_ENDPOINT, infra.kinesis()::endpointMode);
        EndpointControl kinesisImpairment =
                EndpointControl.startImpairments(dir, KINESIS_IMPAIRMENT, infra.kinesis()::impair);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            kinesisEndpoint.close();
            kinesisImpairment.close();
            infra.close();
            stopped.countDown();
        }, "stop-local-infra"));
        Files.writeString(dir.resolve("kafka.pid"), Long.toString(infra.kafka().process().pid()));
        Files.writeString(dir.resolve("kinesis.pid"), Long.toString(infra.kinesis().process().pid()));
        System.out.println("READY kafka=" + infra.kafka().bootstrapServers() + " kinesis=" + infra.kinesis().endpoint());
        System.out.flush();
        stopped.await();
    }

    private static Map<String, String> parse(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("Expected --option value pairs, got " + args[i]);
            }
            options.put(args[i], args[i + 1]);
        }
        return options;
    }
}
