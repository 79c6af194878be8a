package dev.pipeline.infra;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Where the build put the third-party runtimes (module infra-runtime): the Kafka broker classpath file and
 * the kinesis-local package. Found through the system property {@value #RUNTIME_DIR_PROPERTY}, else by
 * walking up from the working directory to the project root.
 */
public record InfraRuntime(Path kafkaClasspathFile, Path kinesisLocalDir) {

    public static final String RUNTIME_DIR_PROPERTY = "pipeline.infra.runtime-dir";
    static final String BUILD_HINT = "run `./mvnw -pl infra-runtime generate-resources` (or any build) first";

    /** Locates the runtimes, failing with a message that says how to fetch them. */
    public static InfraRuntime locate() {
        Path dir = runtimeDir();
        InfraRuntime runtime = new InfraRuntime(dir.resolve("kafka-broker.classpath"),
                dir.resolve("kinesis-local/node_modules/kinesis-local"));
        if (!Files.isRegularFile(runtime.kafkaClasspathFile())) {
            throw new InfraException("Kafka broker classpath missing at " + runtime.kafkaClasspathFile() + ": " + BUILD_HINT);
        }
        if (!Files.isRegularFile(runtime.kinesisLocalDir().resolve("main.js"))) {
            throw new InfraException("kinesis-local missing at " + runtime.kinesisLocalDir() + ": " + BUILD_HINT);
        }
        return runtime;
    }

    /** The broker's classpath as written by the build. */
    public String kafkaClasspath() {
        try {
            return Files.readString(kafkaClasspathFile()).trim();
        } catch (IOException e) {
            throw new InfraException("Cannot read " + kafkaClasspathFile() + ": " + e.getMessage(), e);
        }
    }

    private static Path runtimeDir() {
        String configured = System.getProperty(RUNTIME_DIR_PROPERTY);
        if (configured != null && !configured.isBlank()) {
            return Paths.get(configured);
        }
        for (Path dir = Paths.get("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("infra-runtime/target");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        throw new InfraException("Cannot find infra-runtime/target above " + Paths.get("").toAbsolutePath()
                + " and -D" + RUNTIME_DIR_PROPERTY + " is not set: " + BUILD_HINT);
    }
}
