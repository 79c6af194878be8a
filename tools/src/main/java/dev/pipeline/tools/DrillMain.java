package dev.pipeline.tools;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import dev.pipeline.infra.HttpImpairment;
import dev.pipeline.tools.drill.DrillReport;
import dev.pipeline.tools.drill.DrillRunner;
import dev.pipeline.tools.drill.DrillSettings;
import dev.pipeline.tools.drill.LocalStackFaults;
import dev.pipeline.tools.drill.Scenario;

/**
 * {@code bin/pipeline drill}: an outage drill against the local stack (started if needed). Prints a summary and one
 * JSON line per scenario; exits 1 when any event was lost, duplicated or delivered out of order, or when a drill was
 * INVALID (its preconditions did not hold at the fault). {@code --routers N --deliveries M} runs it on a local fleet.
 */
public final class DrillMain {

    private static final Set<String> OPTIONS = Set.of("scenario", "rate", "keys", "partners", "duration",
            "outage-start", "outage-length", "drain-timeout", "failback-wait", "warmup", "brownout-delay",
            "brownout-tail", "brownout-tail-share", "error-share", "routers", "deliveries");
    private static final String USAGE = "usage: bin/pipeline drill [--scenario kinesis-hang|kinesis-down|"
            + "kinesis-unanswered|kinesis-brownout|kinesis-errors|kafka-down|kafka-hang|router-restart|delivery-restart|router-rolling-restart|"
            + "delivery-rolling-restart|fleet-override|all] [--routers 1] [--deliveries 1] [--rate 50] [--keys 50] [--partners 2]"
            + " [--duration 60s] [--outage-start 10s] [--outage-length 15s] [--drain-timeout 60s] [--failback-wait 45s]"
            + " [--warmup 10s] [--brownout-delay 400ms] [--brownout-tail 1200ms] [--brownout-tail-share 0.1]"
            + " [--error-share 0.5]\n"
            + "(defaults shown; durations as 500ms, 20s or 2m; docs/drill-and-bench.md)";

    private DrillMain() {
    }

    public static void main(String[] args) {
        Options options = Options.parseOrExit(args, OPTIONS, USAGE);
        String scenarioName = options.string("scenario", Scenario.KINESIS_HANG.cliName());
        int routers = options.integer("routers", 1);
        int deliveries = options.integer("deliveries", 1);
        List<Scenario> scenarios = scenarioName.equals("all") ? all(routers, deliveries)
                : List.of(Scenario.fromCli(scenarioName));
        LocalStack stack = LocalStack.fromEnvironment();
        List<DrillReport> reports = new ArrayList<>();
        for (Scenario scenario : scenarios) {
            stack.ensureUp(routers, deliveries);
            DrillSettings settings = new DrillSettings(stack.ingestUrl(), stack.streamUrl(), stack.routerUrl(),
                    stack.producerKey(), stack.partnerToken(), scenario, options.decimal("rate", 50),
                    options.integer("keys", 50), options.integer("partners", 2),
                    options.duration("duration", Duration.ofSeconds(60)),
                    options.duration("outage-start", Duration.ofSeconds(10)),
                    options.duration("outage-length", Duration.ofSeconds(15)),
                    options.duration("drain-timeout", Duration.ofSeconds(60)),
                    options.duration("failback-wait", Duration.ofSeconds(45)),
                    options.duration("warmup", Duration.ofSeconds(10)), brownout(options), errors(options),
                    stack.routerUrls(routers), stack.streamUrls(deliveries));
            DrillReport report = new DrillRunner(settings, new LocalStackFaults(stack, settings.brownout(),
                    settings.errors(), routers, deliveries), System.err).run();
            reports.add(report);
            System.out.println(report.summary());
            System.out.println(report.jsonLine());
            System.out.flush();
        }
        System.exit(reports.stream().allMatch(DrillReport::passed) ? 0 : 1);
    }

    /** Scenario "all": every scenario, but the rolling restarts only on a fleet with a second replica to restart onto. */
    static List<Scenario> all(int routers, int deliveries) {
        List<Scenario> all = new ArrayList<>(List.of(Scenario.values()));
        if (routers < 2) {
            all.remove(Scenario.ROUTER_ROLLING_RESTART);
        }
        if (deliveries < 2) {
            all.remove(Scenario.DELIVERY_ROLLING_RESTART);
        }
        return all;
    }

    /** Scenario kinesis-brownout: every Kinesis call slowed, a share of them by a long tail on top. */
    static HttpImpairment brownout(Options options) {
        return HttpImpairment.brownout(options.duration("brownout-delay", Duration.ofMillis(400)),
                options.decimal("brownout-tail-share", 0.1),
                options.duration("brownout-tail", Duration.ofMillis(1200)));
    }

    /** Scenario kinesis-errors: a share of Kinesis calls answered 500 InternalFailure. */
    static HttpImpairment errors(Options options) {
        return HttpImpairment.errors(options.decimal("error-share", 0.5));
    }
}
