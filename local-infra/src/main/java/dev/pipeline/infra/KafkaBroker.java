package dev.pipeline.infra;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;

import dev.pipeline.envelope.ControlTopic;

/**
 * A real single-node Apache Kafka broker in KRaft combined mode, run as its own JVM from the jars the build
 * fetched, on freshly formatted storage. Ready once the cluster answers and the topic exists.
 */
public final class KafkaBroker implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    private final Settings settings;
    private final ManagedProcess process;

    /** Where and how to run the broker. */
    public record Settings(int port, int controllerPort, Path workDir, String topic, int partitions) {
    }

    private KafkaBroker(Settings settings, ManagedProcess process) {
        this.settings = settings;
        this.process = process;
    }

    /** Formats storage under the work directory, starts the broker and waits until the topic exists. */
    public static KafkaBroker start(InfraRuntime runtime, Settings settings) {
        Ports.requireFree(settings.port(), "Kafka broker");
        Ports.requireFree(settings.controllerPort(), "Kafka controller");
        Path dir = Directories.create(settings.workDir());
        Path properties = writeServerProperties(settings, dir);
        Path log4j = writeLog4jConfig(dir);
        String classpath = runtime.kafkaClasspath();
        format(classpath, properties, log4j, dir);
        List<String> command = List.of(javaBinary(), "-Xms128m", "-Xmx512m", "-XX:+UseSerialGC",
                "-Dlog4j2.configurationFile=" + log4j.toUri(), "-cp", classpath, "kafka.Kafka", properties.toString());
        ManagedProcess process = ManagedProcess.start("kafka", command, dir, Map.of(), dir.resolve("kafka.log"));
        KafkaBroker broker = new KafkaBroker(settings, process);
        try {
            broker.awaitReadyAndCreateTopic();
        } catch (RuntimeException e) {
            process.close();
            throw e;
        }
        return broker;
    }

    public String bootstrapServers() {
        return "localhost:" + settings.port();
    }

    public String topic() {
        return settings.topic();
    }

    public ManagedProcess process() {
        return process;
    }

    /**
     * Creates a topic (tests also create their own to stay independent). Records carry the broker's append time
     * (LogAppendTime), which delivery orders the merged feed by.
     */
    public void createTopic(String name, int partitions) {
        create(new NewTopic(name, partitions, (short) 1)
                .configs(Map.of(TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG, "LogAppendTime")));
    }

    private void create(NewTopic topic) {
        String name = topic.name();
        try (Admin admin = admin()) {
            admin.createTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new InfraException("Could not create topic " + name + ": " + e.getCause().getMessage(), e);
            }
        } catch (InterruptedException | TimeoutException e) {
            throw new InfraException("Could not create topic " + name + ": " + e, e);
        }
    }

    @Override
    public void close() {
        process.close();
    }

    private void awaitReadyAndCreateTopic() {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (true) {
            if (!process.isAlive()) {
                throw new InfraException("Kafka broker exited during start-up; " + process.logExcerpt());
            }
            if (!Ports.isListening(settings.port())) {
                pause(deadline);
                continue;
            }
            try (Admin admin = admin()) {
                admin.describeCluster().nodes().get(5, TimeUnit.SECONDS);
                break;
            } catch (ExecutionException | TimeoutException e) {
                if (System.nanoTime() > deadline) {
                    throw new InfraException("Kafka broker not ready after " + START_TIMEOUT + "; "
                            + process.logExcerpt());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InfraException("Interrupted while waiting for Kafka", e);
            }
        }
        createTopic(settings.topic(), settings.partitions());
        createControlTopic();
    }

    /**
     * Creates the fleet's control topic ({@link ControlTopic#NAME}) as the chart declares it: one partition,
     * compacted (the latest record per key is kept), stamped with the broker's append time.
     */
    public void createControlTopic() {
        create(new NewTopic(ControlTopic.NAME, 1, (short) 1).configs(Map.of(
                TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT,
                TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG, "LogAppendTime")));
    }

    private void pause(long deadline) {
        if (System.nanoTime() > deadline) {
            throw new InfraException("Kafka broker not listening after " + START_TIMEOUT + "; "
                    + process.logExcerpt());
        }
        try {
            Thread.sleep(100); // polling an external process that offers no notification
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InfraException("Interrupted while waiting for Kafka", e);
        }
    }

    private Admin admin() {
        Properties properties = new Properties();
        properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        properties.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000);
        properties.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10000);
        return Admin.create(properties);
    }

    private static void format(String classpath, Path properties, Path log4j, Path dir) {
        List<String> command = List.of(javaBinary(), "-Dlog4j2.configurationFile=" + log4j.toUri(), "-cp", classpath,
                "kafka.tools.StorageTool", "format", "--standalone", "-t", Uuid.randomUuid().toString(),
                "-c", properties.toString());
        Path log = dir.resolve("kafka-format.log");
        try (ManagedProcess format = ManagedProcess.start("kafka-format", command, dir, Map.of(), log)) {
            if (!format.awaitExit(Duration.ofSeconds(60))) {
                throw new InfraException("Formatting Kafka storage timed out; " + format.logExcerpt());
            }
            if (format.exitValue() != 0) {
                throw new InfraException("Formatting Kafka storage failed; " + format.logExcerpt());
            }
        }
    }

    private static Path writeServerProperties(Settings settings, Path dir) {
        String content = String.join("\n",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.bootstrap.servers=localhost:" + settings.controllerPort(),
                "listeners=PLAINTEXT://localhost:" + settings.port() + ",CONTROLLER://localhost:" + settings.controllerPort(),
                "advertised.listeners=PLAINTEXT://localhost:" + settings.port(),
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=PLAINTEXT",
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                "log.dirs=" + dir.resolve("data"),
                "num.partitions=" + settings.partitions(),
                // a single node: internal topics cannot have more replicas than there are brokers
                "offsets.topic.replication.factor=1",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                "group.initial.rebalance.delay.ms=0",
                "auto.create.topics.enable=false",
                "");
        return write(dir.resolve("server.properties"), content);
    }

    private static Path writeLog4jConfig(Path dir) {
        String content = String.join("\n",
                "status = warn",
                "appender.out.type = Console",
                "appender.out.name = out",
                "appender.out.layout.type = PatternLayout",
                "appender.out.layout.pattern = %d{ISO8601} %-5p [%c{1}] %m%n",
                "rootLogger.level = WARN",
                "rootLogger.appenderRef.out.ref = out",
                "logger.server.name = kafka.server.KafkaRaftServer",
                "logger.server.level = INFO",
                "");
        return write(dir.resolve("log4j2.properties"), content);
    }

    private static Path write(Path file, String content) {
        try {
            return Files.writeString(file, content);
        } catch (IOException e) {
            throw new InfraException("Cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
