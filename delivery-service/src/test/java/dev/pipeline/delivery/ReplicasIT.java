package dev.pipeline.delivery;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.pipeline.envelope.CloudEvent;
import dev.pipeline.envelope.CloudEventJson;
import dev.pipeline.infra.KinesisEmulator;
import dev.pipeline.infra.LocalInfra;
import dev.pipeline.infra.ManagedProcess;
import dev.pipeline.infra.Ports;
import dev.pipeline.infra.testing.EphemeralInfra;
import dev.pipeline.infra.testing.SseClient;

/**
 * The packaged application run twice, as two replicas in the local profile, against a real broker and the
 * Kinesis emulator: a partner resumes on the other replica with no gap and no duplicate, and a frozen Kinesis
 * does not stall the feed from Kafka.
 */
class ReplicasIT {

    private static final String TOKEN = "local-partner-token";
    private static final Duration WAIT = Duration.ofSeconds(60);

    private static LocalInfra infra;
    private static ManagedProcess replicaA;
    private static ManagedProcess replicaB;
    private static int portA;
    private static int portB;

    @BeforeAll
    static void start() {
        infra = EphemeralInfra.start();
        portA = Ports.freePort();
        replicaA = replica("delivery-a", portA);
        portB = Ports.freePort();
        replicaB = replica("delivery-b", portB);
        await().atMost(WAIT).until(() -> ready(portA) && ready(portB));
    }

    @AfterAll
    static void stop() {
        for (AutoCloseable closeable : new AutoCloseable[] {replicaA, replicaB, infra}) {
            try {
                if (closeable != null) {
                    closeable.close();
                }
            } catch (Exception e) {
                // keep stopping the rest
            }
        }
    }

    @Test
    void aPartnerResumesOnTheOtherReplicaAndKafkaFlowsWhileKinesisIsFrozen() {
        List<CloudEvent> written = new ArrayList<>();
        String cursor;
        try (SourceWriter sources = new SourceWriter(infra.kafka(), infra.kinesis());
             SseClient first = SseClient.connect(stream(portA), Map.of("Authorization", "Bearer " + TOKEN))) {
            await().atMost(WAIT).until(() -> first.status() == 200);
            for (int i = 0; i < 10; i++) {
                CloudEvent event = TestEvents.event("it-" + i, "test.event", "it/k", "it-" + i % 2, Instant.now());
                // even ones on Kinesis, odd ones on Kafka, every third on both
                if (i % 2 == 0) {
                    sources.toKinesis(event);
                }
                if (i % 2 == 1 || i % 3 == 0) {
                    sources.toKafka(event);
                }
                written.add(event);
            }
            await().atMost(WAIT).until(() -> first.messages().size() >= 10);
            assertEquals(written, events(first));
            cursor = first.messages().get(3).id();
        }
        try (SourceWriter sources = new SourceWriter(infra.kafka(), infra.kinesis());
             SseClient resumed = SseClient.connect(stream(portB), Map.of("Last-Event-ID", cursor))) {
            infra.kinesis().process().freeze();
            try {
                for (int i = 10; i < 14; i++) {
                    written.add(write(sources, TestEvents.event("it-" + i, "test.event", "it/k", "it-" + i % 2, Instant.now())));
                }
                await().atMost(WAIT).until(() -> resumed.messages().size() >= 10);
                assertEquals(written.subList(4, 14), events(resumed));
            } finally {
                infra.kinesis().process().thaw();
            }
        }
    }

    private static CloudEvent write(SourceWriter sources, CloudEvent event) {
        sources.toKafka(event);
        return event;
    }

    private static URI stream(int port) {
        return URI.create("http://localhost:" + port + "/v1/stream?subjectPrefix=it/&access_token=" + TOKEN);
    }

    private static List<CloudEvent> events(SseClient client) {
        return client.messages().stream().map(m -> CloudEventJson.parse(m.data())).toList();
    }

    private static ManagedProcess replica(String name, int port) {
        Path dir = Path.of("target").toAbsolutePath();
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-Dquarkus.profile=local",
                "-Dquarkus.http.port=" + port,
                // profile-specific names: %local.x in application.properties would win over a plain x
                "-D%local.kafka.bootstrap.servers=" + infra.kafka().bootstrapServers(),
                "-D%local.delivery.kinesis.endpoint-override=" + infra.kinesis().endpoint(),
                "-Ddelivery.kinesis.region=" + KinesisEmulator.REGION,
                "-Ddelivery.merge.idle-timeout=3s",
                "-Ddelivery.merge.startup-timeout=3s",
                "-jar", Path.of("target", "quarkus-app", "quarkus-run.jar").toAbsolutePath().toString());
        return ManagedProcess.start(name, command, dir, Map.of(), dir.resolve(name + ".log"));
    }

    private static boolean ready(int port) {
        try {
            HttpResponse<Void> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://localhost:" + port + "/q/health/ready")).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
