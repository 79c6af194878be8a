package dev.pipeline.tools.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * The baseline: Kafka's own producer performance tool ({@code org.apache.kafka.tools.ProducerPerformance} from
 * kafka-tools), run as a separate JVM against the same broker, into a bench topic with as many partitions as the
 * events topic, with acks=all and the given record size.
 */
public final class KafkaProducerBaseline {

    /** The tool's final line: records/s and latency percentiles (ms). */
    public record Result(double recordsPerSecond, double avgMs, double p50Ms, double p99Ms, double maxMs) {
    }

    private static final Pattern SUMMARY = Pattern.compile("(\\d+) records sent, ([\\d.]+) records/sec .*?, ([\\d.]+) ms avg latency,"
            + " ([\\d.]+) ms max latency, (\\d+) ms 50th, (\\d+) ms 95th, (\\d+) ms 99th");

    private KafkaProducerBaseline() {
    }

    /** Runs the tool for {@code records} records of {@code recordSize} bytes into {@code topic}. */
    public static Result run(String bootstrap, String topic, int partitions, long records, int recordSize) {
        createTopic(bootstrap, topic, partitions);
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
                "-cp", System.getProperty("java.class.path"), "org.apache.kafka.tools.ProducerPerformance",
                "--topic", topic, "--num-records", Long.toString(records), "--record-size", Integer.toString(recordSize),
                "--throughput", "-1", "--producer-props", "bootstrap.servers=" + bootstrap, "acks=all");
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int exit = process.waitFor();
            return parse(output).orElseThrow(() -> new IllegalStateException(
                    "ProducerPerformance exited with " + exit + " without a summary:\n" + output));
        } catch (IOException e) {
            throw new IllegalStateException("Could not run ProducerPerformance: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while running ProducerPerformance", e);
        }
    }

    /** The summary line of the tool's output (the last one that matches). */
    static Optional<Result> parse(String output) {
        Matcher matcher = SUMMARY.matcher(output);
        Result result = null;
        while (matcher.find()) {
            result = new Result(Double.parseDouble(matcher.group(2)), Double.parseDouble(matcher.group(3)),
                    Double.parseDouble(matcher.group(5)), Double.parseDouble(matcher.group(7)),
                    Double.parseDouble(matcher.group(4)));
        }
        return Optional.ofNullable(result);
    }

    private static void createTopic(String bootstrap, String topic, int partitions) {
        Properties settings = new Properties();
        settings.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (Admin admin = Admin.create(settings)) {
            if (!admin.listTopics().names().get().contains(topic)) {
                admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get();
            }
        } catch (Exception e) {
            throw new IllegalStateException("Could not create the bench topic " + topic + ": " + e.getMessage(), e);
        }
    }
}
