package dev.pipeline.e2e.fleet;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.LockSupport;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import dev.pipeline.e2e.FrozenKinesis;
import dev.pipeline.e2e.RunningPipeline;
import dev.pipeline.e2e.drill.ValidDrill;
import dev.pipeline.infra.HttpImpairment;
import dev.pipeline.infra.testing.SseClient;
import dev.pipeline.tools.drill.DrillAccounting;
import dev.pipeline.tools.drill.DrillOutcome;
import dev.pipeline.tools.drill.DrillReport;
import dev.pipeline.tools.drill.DrillRunner;
import dev.pipeline.tools.drill.DrillSettings;
import dev.pipeline.tools.drill.ReceivedEvent;
import dev.pipeline.tools.drill.Scenario;
import dev.pipeline.tools.load.IngestClient;
import dev.pipeline.tools.load.KeyedProducer;
import dev.pipeline.tools.load.RunEvents;
import dev.pipeline.tools.load.SseSubscriber;

/**
 * Ingest in front of two routers and two delivery replicas, all packaged processes: both routers writing through a
 * Kinesis hang longer than the merge's idle timeout keep every key in order for partners on either replica; a router
 * stopped with SIGTERM under keyed load drains (readiness DOWN, new writes answered 503 shutting-down) and costs
 * producers nothing; a router killed outright costs them nothing either; a delivery replica stopped with SIGTERM
 * tells its partners to reconnect.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RouterFleetIT {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    private static final String INTERNAL_TOKEN = "local-internal-token";
    private static final Duration EXIT_WITHIN = Duration.ofSeconds(25);

    private static RunningPipeline pipeline;

    @BeforeAll
    static void start() {
        // a longer shutdown delay than the default keeps the draining router observable from the test; seven JVMs on
        // 2 cores slow the emulator's answers to a median near the brownout rule's 300 ms, which is not the fault here
        pipeline = RunningPipeline.fleet().routers(2).deliveries(2)
                .routerSettings(Map.of("quarkus.shutdown.delay", "2s", "router.health.failback-after", "8s",
                        "router.health.brownout-latency", "1s")).start();
    }

    @AfterAll
    static void stop() {
        if (pipeline != null) {
            pipeline.close();
        }
    }

    @Test
    @Order(0)
    void twoRoutersThroughAKinesisHangLongerThanTheIdleTimeoutKeepEveryKeyInOrderForPartnersOnBothReplicas() {
        DrillSettings settings = new DrillSettings(pipeline.ingest("/"), pipeline.delivery(1, "/v1/stream"),
                pipeline.router(1, "/"), RunningPipeline.PRODUCER_KEY, RunningPipeline.PARTNER_TOKEN,
                Scenario.KINESIS_HANG, 30, 16, 2, Duration.ofSeconds(40), Duration.ofSeconds(5), Duration.ofSeconds(15),
                Duration.ofSeconds(90), Duration.ofSeconds(30), Duration.ofSeconds(5), HttpImpairment.NONE,
                HttpImpairment.NONE, List.of(pipeline.router(1, "/"), pipeline.router(2, "/")),
                List.of(pipeline.delivery(1, "/v1/stream"), pipeline.delivery(2, "/v1/stream")));
        DrillReport report = ValidDrill.run(
                () -> new DrillRunner(settings, new FrozenKinesis(pipeline), System.out).run());

        assertAll(
                () -> assertTrue(report.routerStateAtFault().matches("[^,=]+=PRIMARY,[^,=]+=PRIMARY"),
                        "the fault found both routers writing to Kinesis: " + report.routerStateAtFault()),
                () -> assertTrue(report.outcome().acked() > 30 * 20, "acknowledged: " + report.outcome().acked()),
                () -> assertEquals(0, report.outcome().lost(), "lost"),
                () -> assertEquals(0, report.outcome().duplicates(), "duplicates"),
                () -> assertEquals(0, report.outcome().outOfOrder(), "out of order"));
    }

    @Test
    @Order(1)
    void aRouterStoppedWithSigtermUnderKeyedLoadCostsProducersNothing() throws Exception {
        Load load = Load.start();
        pause(Duration.ofSeconds(3));
        List<String> answers = new CopyOnWriteArrayList<>();
        pipeline.terminate("router-2");
        CompletableFuture<Void> probe = CompletableFuture.runAsync(() -> probeDrainingRouter(answers));
        assertTrue(pipeline.process("router-2").awaitExit(EXIT_WITHIN), "router-2 exits within its grace period");
        probe.get();
        pause(Duration.ofSeconds(2));
        pipeline.restart("router-2");
        pause(Duration.ofSeconds(2));
        DrillOutcome outcome = load.finish();

        assertAll(
                () -> assertTrue(outcome.acked() > 100, "acknowledged: " + outcome.acked()),
                () -> assertEquals(0, load.producer.rejected(), "answers other than 202 reached producers"),
                () -> assertEquals(0, load.producer.ioErrors(), "I/O errors reached producers"),
                () -> assertEquals(0, outcome.lost(), "acknowledged and lost"),
                () -> assertEquals(0, outcome.outOfOrder(), "out of order within a key"),
                () -> assertTrue(answers.contains("ready 503"), "readiness DOWN while draining: " + answers),
                () -> assertTrue(answers.contains("write 503 shutting-down retry-after"),
                        "new writes refused as retryable while draining: " + answers),
                () -> assertTrue(answers.stream().allMatch(a -> a.equals("ready 503") || a.startsWith("ready 200")
                        || a.equals("write 503 shutting-down retry-after") || a.equals("write 200")),
                        "nothing but retryable refusals from the draining router: " + answers));
    }

    @Test
    @Order(2)
    void ingestWithARouterKilledCostsProducersNothing() throws Exception {
        Load load = Load.start();
        pause(Duration.ofSeconds(3));
        pipeline.process("router-2").kill();
        pause(Duration.ofSeconds(4));
        pipeline.restart("router-2");
        pause(Duration.ofSeconds(2));
        DrillOutcome outcome = load.finish();

        assertAll(
                () -> assertTrue(outcome.acked() > 100, "acknowledged: " + outcome.acked()),
                () -> assertEquals(0, load.producer.rejected(), "answers other than 202 reached producers"),
                () -> assertEquals(0, load.producer.ioErrors(), "I/O errors reached producers"),
                () -> assertEquals(0, outcome.lost(), "acknowledged and lost"),
                () -> assertEquals(0, outcome.outOfOrder(), "out of order within a key"));
    }

    @Test
    @Order(3)
    void aDeliveryReplicaStoppedWithSigtermTellsItsPartnersToReconnect() {
        try (SseClient partner = SseClient.connect(pipeline.delivery(2, "/v1/stream"),
                Map.of("Authorization", "Bearer " + RunningPipeline.PARTNER_TOKEN))) {
            await().atMost(Duration.ofSeconds(10)).until(() -> partner.status() == 200);
            pipeline.terminate("delivery-2");
            await().atMost(Duration.ofSeconds(10)).until(() -> partner.messages().stream()
                    .anyMatch(m -> "disconnect".equals(m.event()) && m.data().contains("\"reason\":\"shutdown\"")));
            await().atMost(Duration.ofSeconds(10)).until(partner::ended);
        }
        assertTrue(pipeline.process("delivery-2").awaitExit(EXIT_WITHIN), "delivery-2 exits within its grace period");
    }

    /** Until the router's port closes: what its readiness and a direct write answer. */
    private static void probeDrainingRouter(List<String> answers) {
        while (pipeline.process("router-2").isAlive()) {
            answers.add("ready " + get(pipeline.router(2, "/q/health/ready")));
            answers.add("write " + write());
        }
        answers.removeIf(answer -> answer.endsWith(" gone"));
    }

    private static String get(java.net.URI uri) {
        try {
            return String.valueOf(HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode());
        } catch (IOException e) {
            return "gone";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "gone";
        }
    }

    private static String write() {
        HttpRequest request = HttpRequest.newBuilder(pipeline.router(2, "/v1/events")).timeout(Duration.ofSeconds(5))
                .header("Authorization", "Bearer " + INTERNAL_TOKEN)
                .header("Content-Type", "application/cloudevents-batch+json")
                .POST(HttpRequest.BodyPublishers.ofString("[]")).build();
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 503) {
                String type = response.body().contains("/problems/shutting-down") ? "shutting-down" : response.body();
                return "503 " + type + (response.headers().firstValue("Retry-After").isPresent() ? " retry-after" : "");
            }
            return String.valueOf(response.statusCode());
        } catch (IOException e) {
            return "gone";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "gone";
        }
    }

    /** Lets the load run on for a while: a span of the scenario, not a wait for a condition. */
    private static void pause(Duration duration) {
        long until = System.nanoTime() + duration.toNanos();
        for (long left = duration.toNanos(); left > 0; left = until - System.nanoTime()) {
            LockSupport.parkNanos(left);
        }
    }

    /** Keyed load through ingest (each key in sequence, resent until acknowledged) and a partner on delivery 1. */
    private record Load(KeyedProducer producer, List<ReceivedEvent> inbox, SseSubscriber partner) {

        static Load start() {
            RunEvents events = new RunEvents("fleet-" + UUID.randomUUID().toString().substring(0, 8));
            List<ReceivedEvent> inbox = Collections.synchronizedList(new ArrayList<>());
            SseSubscriber partner = new SseSubscriber(HTTP, pipeline.delivery("/v1/stream"),
                    RunningPipeline.PARTNER_TOKEN, (id, type, data, at) -> events.parse(data, at).ifPresent(inbox::add))
                    .start();
            await().atMost(Duration.ofSeconds(20)).until(partner::connected);
            KeyedProducer producer = new KeyedProducer(new IngestClient(HTTP, pipeline.ingest("/"),
                    RunningPipeline.PRODUCER_KEY, Duration.ofSeconds(15)), events, 8, 40);
            producer.start();
            return new Load(producer, inbox, partner);
        }

        DrillOutcome finish() {
            producer.stop(Duration.ofSeconds(30));
            try {
                await().atMost(Duration.ofSeconds(60)).until(() -> DrillAccounting.account(producer.acked(),
                        Map.of("partner", snapshot())).lost() == 0);
            } catch (org.awaitility.core.ConditionTimeoutException e) {
                // the assertions below name what is missing
            } finally {
                partner.close();
            }
            return DrillAccounting.account(producer.acked(), Map.of("partner", snapshot()));
        }

        private List<ReceivedEvent> snapshot() {
            synchronized (inbox) {
                return List.copyOf(inbox);
            }
        }
    }
}
