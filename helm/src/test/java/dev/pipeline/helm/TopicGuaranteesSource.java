package dev.pipeline.helm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The production values of service-support's {@code TopicGuarantees}, read from its source as text: the one source of
 * truth for the topic the services check, without building service-support and Quarkus into the chart's tests (as
 * {@link ConfigMappingEnvNames} reads the config mappings).
 */
record TopicGuaranteesSource(int replicationFactor, int minInsyncReplicas, int defaultMaxEventBytes,
                             int recordOverheadBytes, String timestampType) {

    static final Path SOURCE = HelmChartTest.REPO
            .resolve("service-support/src/main/java/dev/pipeline/support/kafka/TopicGuarantees.java");
    /** Where the one per-event size limit is defined, which TopicGuarantees refers to. */
    static final Path STREAMS = HelmChartTest.REPO
            .resolve("event-envelope/src/main/java/dev/pipeline/envelope/EventStreams.java");

    static TopicGuaranteesSource read() {
        String source;
        try {
            source = Files.readString(SOURCE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new TopicGuaranteesSource(integer(source, "PRODUCTION_REPLICATION_FACTOR"),
                integer(source, "PRODUCTION_MIN_INSYNC_REPLICAS"), integer(source, "DEFAULT_MAX_EVENT_BYTES"),
                integer(source, "RECORD_OVERHEAD_BYTES"), constant(source, "TIMESTAMP_TYPE").replace("\"", ""));
    }

    /** The max.message.bytes a topic needs for events up to {@code maxEventBytes}. */
    int requiredMaxMessageBytes(int maxEventBytes) {
        return maxEventBytes + recordOverheadBytes;
    }

    private static int integer(String source, String name) {
        String value = constant(source, name);
        if (value.startsWith("EventStreams.")) {
            try {
                value = constant(Files.readString(STREAMS), value.substring("EventStreams.".length()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return Integer.parseInt(value.replace("_", ""));
    }

    private static String constant(String source, String name) {
        Matcher matcher = Pattern.compile("static final \\w+ " + name + " = ([^;]+);").matcher(source);
        if (!matcher.find()) {
            throw new IllegalStateException(name + " not found in " + SOURCE);
        }
        return matcher.group(1).trim();
    }
}
