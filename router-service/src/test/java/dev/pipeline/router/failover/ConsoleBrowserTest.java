package dev.pipeline.router.failover;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.Select;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import dev.pipeline.envelope.ControlTopic;
import dev.pipeline.infra.KafkaBroker;
import dev.pipeline.infra.testing.InjectKafkaBroker;
import dev.pipeline.router.routing.RoutingPolicy;
import dev.pipeline.router.routing.RoutingState;
import dev.pipeline.router.routing.Transition;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import dev.pipeline.infra.testing.KafkaBrokerResource;
import jakarta.inject.Inject;

/**
 * The operator console in a real headless Chromium (Debian's, through chromium-driver) against the router on the
 * real broker and Kinesis emulator: charts drawn from the live stream, a failover on the timeline, the override
 * control refused without a token and applied with one, the fleet table (routers and delivery replicas from the
 * control topic) and the audit trail. Leaves a screenshot of the page in target/console.png
 * (or at -Dconsole.screenshot=path, e.g. docs/images/console.png).
 */
@QuarkusTest
@TestProfile(FastFailoverProfile.class)
@WithTestResource(value = KafkaBrokerResource.class, parallel = true)
@WithTestResource(value = FaultyKinesisResource.class, parallel = true)
class ConsoleBrowserTest {

    /** The Kinesis series' stroke colour in console.js (#2563eb). */
    private static final String KINESIS_PIXELS = """
            const canvas = document.querySelector(arguments[0] + ' canvas');
            const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
            let count = 0;
            for (let i = 0; i < pixels.length; i += 4) {
              if (Math.abs(pixels[i] - 37) < 12 && Math.abs(pixels[i + 1] - 99) < 12 && Math.abs(pixels[i + 2] - 235) < 12) count++;
            }
            return count;""";

    /** How the console writes a transition's time. */
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);

    /** The states' names on the page. */
    private static final Map<RoutingState, String> STATE_NAMES = Map.of(RoutingState.PRIMARY, "Primary",
            RoutingState.FAILING_OVER, "Failing over", RoutingState.FALLBACK, "Fallback",
            RoutingState.RECOVERING, "Recovering");

    FaultyKinesis kinesis;

    @InjectKafkaBroker
    KafkaBroker kafka;

    @Inject
    RoutingPolicy policy;

    @TestHTTPResource("/status.html")
    URI console;

    @TestHTTPResource("/v1/events")
    URI writeUri;

    private ChromeDriverService service;
    private WebDriver browser;

    @BeforeEach
    void openBrowser() throws Exception {
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--window-size=1600,1800",
                "--user-data-dir=" + Files.createTempDirectory("console-chromium-"));
        service = new ChromeDriverService.Builder().usingDriverExecutable(Path.of("/usr/bin/chromedriver").toFile())
                .usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
        await().atMost(Duration.ofSeconds(30)).until(() -> policy.machine().state() == RoutingState.PRIMARY);
    }

    @AfterEach
    void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
        if (service != null) {
            service.stop();
        }
        given().contentType("application/json").body("{\"mode\":\"auto\"}")
                .header("Authorization", "Bearer " + FastFailoverProfile.ADMIN_TOKEN)
                .when().put("/v1/routing/override").then().statusCode(200);
    }

    @Test
    void chartsDrawLiveDataAFailoverShowsOnTheTimelineAndTheOverrideNeedsAToken() throws Exception {
        try (KeyedProducers producers = new KeyedProducers(writeUri, "console", 2)) {
            browser.get(console.toString());
            JavascriptExecutor js = (JavascriptExecutor) browser;

            // charts draw from live data: writes and latencies reach the plots, and the Kinesis line is painted
            await().atMost(Duration.ofSeconds(30)).until(() -> positivePoints(js, "writesChart", 1) > 2
                    && positivePoints(js, "latencyChart", 1) > 2);
            await().atMost(Duration.ofSeconds(10)).until(() -> kinesisPixels(js, "#writesChart") > 50);
            await().atMost(Duration.ofSeconds(5)).until(() -> browser.findElement(By.id("stateBadge")).getText()
                    .equals(STATE_NAMES.get(policy.machine().state())));
            assertEquals("live", browser.findElement(By.id("conn")).getText());

            // a failover shows on the timeline band and in the list of transitions, with its reason; the fault is
            // injected from PRIMARY (a busy machine can fail over on a slow write by itself)
            await().atMost(Duration.ofSeconds(30)).until(() -> policy.machine().state() == RoutingState.PRIMARY);
            Instant frozen = Instant.now();
            kinesis.emulator().process().freeze();
            try {
                // the freeze's own failover (not one a slow write on a busy machine caused before it), as the page
                // lists it: its time (UTC, to the second) and the state it went to
                await().atMost(Duration.ofSeconds(15)).until(() -> policy.machine().transitions().stream()
                        .anyMatch(t -> t.to() == RoutingState.FALLBACK && !t.time().isBefore(frozen)));
                Transition fallback = policy.machine().transitions().stream()
                        .filter(t -> t.to() == RoutingState.FALLBACK && !t.time().isBefore(frozen)).findFirst().orElseThrow();
                String row = String.join(" ", CLOCK.format(fallback.time()), STATE_NAMES.get(fallback.from()),
                        STATE_NAMES.get(fallback.to()), fallback.reason());
                await().atMost(Duration.ofSeconds(15)).until(() ->
                        !browser.findElements(By.cssSelector("#band .segment.FALLBACK")).isEmpty()
                                && transitionRows(js).contains(row));
                await().atMost(Duration.ofSeconds(15)).until(() -> positivePoints(js, "writesChart", 2) > 0);
            } finally {
                kinesis.emulator().process().thaw();
            }
            assertTrue(browser.findElements(By.cssSelector("#band .marker")).size() >= 2, "transition markers drawn");

            // the override control: refused without a token, applied with one and kept in the audit trail
            new Select(browser.findElement(By.id("overrideMode"))).selectByValue("kafka");
            browser.findElement(By.id("overrideReason")).sendKeys("console test: pin to Kafka");
            browser.findElement(By.id("overrideForce")).click();
            browser.findElement(By.id("overrideSubmit")).click();
            WebElement result = browser.findElement(By.id("overrideResult"));
            await().atMost(Duration.ofSeconds(10)).until(() -> result.getText().startsWith("Refused (401"));
            assertEquals("auto", policy.mode().name().toLowerCase());

            browser.findElement(By.id("overrideToken")).sendKeys(FastFailoverProfile.ADMIN_TOKEN);
            browser.findElement(By.id("overrideSubmit")).click();
            await().atMost(Duration.ofSeconds(10)).until(() -> result.getText().startsWith("Mode is now kafka"));
            assertEquals("kafka", policy.mode().name().toLowerCase());
            await().atMost(Duration.ofSeconds(10)).until(() ->
                    browser.findElement(By.id("audit")).getText().contains("console test: pin to Kafka"));
            await().atMost(Duration.ofSeconds(10)).until(() ->
                    !browser.findElements(By.cssSelector("#band .marker.override")).isEmpty()
                            && browser.findElement(By.id("pinned")).getText().contains("pinned to Kafka"));
            given().when().get("/v1/routing/audit").then().statusCode(200)
                    .body("[0].after", equalTo("kafka")).body("[0].reason", equalTo("console test: pin to Kafka"))
                    .body("[0].force", equalTo(true));

            // the fleet table: this router (as the control topic shows it, with the override in force) and a delivery
            // replica reporting on the control topic; the audit trail names the router that took the change
            String router = given().get("/v1/routing").then().extract().jsonPath().getString("router");
            publishDeliveryStatus("delivery-console", 3);
            await().atMost(Duration.ofSeconds(10)).until(() -> fleetRow(router).contains("console test: pin to Kafka")
                    && fleetRow(router).contains("writes to kafka"));
            await().atMost(Duration.ofSeconds(10)).until(() -> fleetRow("delivery-console")
                    .contains("3 partner(s) connected"));
            assertTrue(fleetRow("delivery-console").contains("kinesis 120 ms"), fleetRow("delivery-console"));
            assertTrue(browser.findElement(By.id("audit")).getText().contains(router), "audit names the router");

            screenshot();
        }
    }

    /**
     * The text of the fleet table's row for a replica, or "" while there is none; read in one script, as the page
     * redraws the table every second and an element found a moment earlier may already be gone.
     */
    private String fleetRow(String id) {
        Object text = ((JavascriptExecutor) browser).executeScript(
                "const tr = [...document.querySelectorAll('#fleet tbody tr')].find(r => r.dataset.id === arguments[0]);"
                        + "return tr ? tr.innerText : '';", id);
        return String.valueOf(text);
    }

    /** A delivery replica's status, as delivery's fleet publisher writes it to the control topic. */
    private void publishDeliveryStatus(String replica, int partners) throws Exception {
        String status = "{\"replica\":\"" + replica + "\",\"host\":\"test\",\"partnersConnected\":" + partners
                + ",\"lag\":{\"kinesis\":120.0,\"kafka\":0.0},\"lagUnits\":{\"kinesis\":\"ms\",\"kafka\":\"records\"},"
                + "\"time\":\"" + Instant.now() + "\"}";
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(
                Map.of("bootstrap.servers", kafka.bootstrapServers()), new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(ControlTopic.NAME, ControlTopic.DELIVERY_PREFIX + replica, status))
                    .get(10, TimeUnit.SECONDS);
        }
    }

    private static long positivePoints(JavascriptExecutor js, String chart, int series) {
        Object count = js.executeScript("const c = typeof Console !== \"undefined\" && Console.charts[arguments[0]];"
                + "return c ? c.plot.data[arguments[1]].filter(v => v > 0).length : 0;", chart, series);
        return ((Number) count).longValue();
    }

    /** The rows of the transitions table as their text, read at once (the page redraws it every second). */
    @SuppressWarnings("unchecked")
    private static List<String> transitionRows(JavascriptExecutor js) {
        return ((List<Object>) js.executeScript("return [...document.querySelectorAll('#transitions tbody tr.transition')]"
                + ".map(tr => [...tr.cells].map(td => td.textContent.trim()).join(' '));"))
                .stream().map(String::valueOf).toList();
    }

    private static long kinesisPixels(JavascriptExecutor js, String chart) {
        return ((Number) js.executeScript(KINESIS_PIXELS, chart)).longValue();
    }

    private void screenshot() throws Exception {
        Path target = Path.of(System.getProperty("console.screenshot", "target/console.png"));
        Files.createDirectories(target.toAbsolutePath().getParent());
        ((JavascriptExecutor) browser).executeScript("window.scrollTo(0, 0)");
        Path shot = ((org.openqa.selenium.TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath();
        Files.copy(shot, target, StandardCopyOption.REPLACE_EXISTING);
    }
}
