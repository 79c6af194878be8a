package dev.pipeline.ingest.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.pipeline.envelope.CloudEvent;
import dev.pipeline.envelope.DataCodec;
import dev.pipeline.ingest.testing.InjectStubRouter;
import dev.pipeline.ingest.testing.Producers;
import dev.pipeline.ingest.testing.StubRouter;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/** Events built and sent with the official CloudEvents JavaScript SDK (npm cloudevents) are accepted as they are. */
@QuarkusTest
@WithTestResource(StubRouter.class)
class JsSdkClientTest {

    /** The SDK version installed from the npm registry into target/js-sdk. */
    static final String SDK = "cloudevents@10.0.0";
    private static final Path DIR = Path.of("target", "js-sdk");
    private static final ObjectMapper JSON = new ObjectMapper();

    @InjectStubRouter
    StubRouter router;

    @TestHTTPResource("/")
    URL ingest;

    @BeforeEach
    void setUp() throws Exception {
        router.reset();
        assumeTrue(run(List.of("node", "--version"), Path.of(".")).exit() == 0, "node is not installed");
        if (!Files.isDirectory(DIR.resolve("node_modules/cloudevents"))) {
            Files.createDirectories(DIR);
            Result install = run(List.of("npm", "install", "--prefix", DIR.toString(), SDK, "--no-audit", "--no-fund"),
                    Path.of("."));
            assertEquals(0, install.exit(), "npm install " + SDK + ": " + install.output());
        }
        try (InputStream script = getClass().getResourceAsStream("/js-sdk/send.js")) {
            Files.copy(script, DIR.resolve("send.js"), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"binary", "structured"})
    void jsSdkEventIsAccepted(String mode) throws Exception {
        String id = "js-" + mode;
        Result sent = run(List.of("node", "send.js", ingest.toString(), Producers.ANY_KEY, mode, id), DIR);
        assertEquals(0, sent.exit(), sent.output());
        JsonNode answer = JSON.readTree(sent.output().lines().reduce((first, last) -> last).orElseThrow());
        assertEquals(202, answer.path("status").intValue(), answer.toString());

        CloudEvent stored = router.storedEvents().get(0);
        assertEquals(id, stored.id());
        assertEquals("urn:sdk:js", stored.source());
        assertEquals("green", stored.extension("tenant"));
        assertEquals("js-" + id, stored.extension(CloudEvent.PARTITION_KEY));
        assertEquals(JSON.readTree("{\"mode\":\"" + mode + "\",\"values\":[1,2.5,\"three\"]}"),
                JSON.readTree(DataCodec.toBytes(stored)));
    }

    private record Result(int exit, String output) {
    }

    private static Result run(List<String> command, Path directory) throws InterruptedException {
        try {
            // output goes to a file, so that a hanging command is still stopped by the timeout
            Path log = Files.createTempFile("js-sdk", ".log");
            try {
                Process process = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true)
                        .redirectOutput(log.toFile()).start();
                if (!process.waitFor(180, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    return new Result(-1, "timed out: " + String.join(" ", command));
                }
                return new Result(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(log);
            }
        } catch (IOException notInstalled) {
            return new Result(-1, notInstalled.getMessage());
        }
    }
}
