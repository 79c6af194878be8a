package dev.pipeline.tools.drill;

import java.io.PrintStream;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;

import dev.pipeline.tools.Percentiles;
import dev.pipeline.tools.RoutingClient;
import dev.pipeline.tools.load.IngestClient;
import dev.pipeline.tools.load.KeyedProducer;
import dev.pipeline.tools.load.RunEvents;
import dev.pipeline.tools.load.SseSubscriber;

/**
 * Runs one drill: partners subscribe, the keyed load starts, the scenario's fault is injected at the outage start
 * and ended after the outage length, the load stops, the partners get time to catch up, and the accounting speaks.
 */
public final class DrillRunner {

    private static final Duration POLL = Duration.ofMillis(100);
    /** How long the router must have stayed PRIMARY under the warm-up load before a fault that fails over. */
    private static final Duration PRIMARY_SETTLE = Duration.ofSeconds(5);
    /** A fault's first second: events sent then wait for the fault to be noticed, by design (failover ≤ 1 s). */
    private static final Duration FAULT_ONSET = Duration.ofSeconds(1);

    private final DrillSettings settings;
    private final Faults faults;
    private final PrintStream log;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();

    public DrillRunner(DrillSettings settings, Faults faults, PrintStream log) {
        this.settings = settings;
        this.faults = faults;
        this.log = log;
    }

    public DrillReport run() {
        RunEvents events = new RunEvents("drill-" + UUID.randomUUID().toString().substring(0, 8));
        Map<String, List<ReceivedEvent>> received = new LinkedHashMap<>();
        List<SseSubscriber> partners = new ArrayList<>();
        for (int p = 1; p <= settings.partners(); p++) {
            List<ReceivedEvent> inbox = Collections.synchronizedList(new ArrayList<>());
            received.put("partner-" + p, inbox);
            // partners start on different delivery replicas, as a load balancer spreads them
            List<java.net.URI> streams = new ArrayList<>(settings.streamUrls());
            Collections.rotate(streams, -(p - 1));
            partners.add(new SseSubscriber(http, streams, settings.partnerToken(),
                    (id, type, data, at) -> events.parse(data, at).ifPresent(inbox::add)).start());
        }
        try {
            awaitTrue(() -> partners.stream().allMatch(SseSubscriber::connected), Duration.ofSeconds(30),
                    "partners connected to " + settings.streamUrl());
            return drive(events, received, partners);
        } finally {
            partners.forEach(SseSubscriber::close);
        }
    }

    private DrillReport drive(RunEvents events, Map<String, List<ReceivedEvent>> received, List<SseSubscriber> partners) {
        RoutingClient routing = new RoutingClient(http, settings.routerUrl());
        KeyedProducer warmup = null;
        if (!settings.warmup().isZero()) {
            // a freshly started stack writes slowly at first (cold JVMs, the emulator's first writes): enough, on
            // 2 cores, to fail over before the fault; the warm-up's events belong to another run and are not counted
            log.printf("warm-up: %d s of the same load, not counted%n", settings.warmup().toSeconds());
            warmup = new KeyedProducer(new IngestClient(http, settings.ingestUrl(), settings.producerKey(),
                    Duration.ofSeconds(5)), new RunEvents(events.runId() + "-warmup"), settings.keys(),
                    settings.ratePerSecond());
            warmup.start();
            parkUntil(System.nanoTime() + settings.warmup().toNanos());
        }
        awaitSettledPrimary(settings.routerUrls().stream().map(url -> new RoutingClient(http, url)).toList());
        log.println("router state before the fault: " + routing.state().orElse("unknown"));
        if (warmup != null) {
            warmup.stop(settings.drainTimeout());
        }
        KeyedProducer producer = new KeyedProducer(new IngestClient(http, settings.ingestUrl(), settings.producerKey(),
                Duration.ofSeconds(5)), events, settings.keys(), settings.ratePerSecond());
        long start = System.nanoTime();
        producer.start();
        log.printf("load: %.0f events/s over %d keys for %d s (run %s)%n", settings.ratePerSecond(), settings.keys(),
                settings.duration().toSeconds(), events.runId());
        parkUntil(start + settings.outageStart().toNanos());
        FleetSnapshot fleet = FleetSnapshot.probe(http, settings.routerUrls(),
                settings.streamUrls().stream().map(url -> url.resolve("/")).toList());
        String stateAtFault = stateAtFault(fleet);
        String invalidReason = Preconditions.violated(settings.scenario(), fleet).orElse(null);
        Instant faultStart = Instant.now();
        long faultStartNanos = System.nanoTime();
        Instant faultEnd = faultStart;
        Long fleetOverrideMs = null;
        if (invalidReason != null) {
            log.printf("INVALID: %s; no fault injected, the load stops%n", invalidReason);
        } else {
            log.printf("fault: %s begins%n", settings.scenario().cliName());
            settings.scenario().inject(faults);
            if (settings.scenario() == Scenario.FLEET_OVERRIDE) {
                fleetOverrideMs = millisUntilEveryRouterWritesTo("kafka", faultStart);
            }
            parkUntil(start + settings.outageStart().plus(settings.outageLength()).toNanos());
            faultEnd = Instant.now();
            log.printf("fault: %s ends%n", settings.scenario().cliName());
            settings.scenario().recover(faults);
            parkUntil(start + settings.duration().toNanos());
        }
        producer.stop(settings.drainTimeout());
        long durationMs = (System.nanoTime() - start) / 1_000_000;
        List<AckedEvent> acked = producer.acked();
        log.printf("load stopped: %d acknowledged; waiting for partners to catch up%n", acked.size());
        awaitCaughtUp(acked, received);
        Long failover = null;
        Long failback = null;
        // every scenario: a router may move (or decline to move) writes in faults other than Kinesis' own
        routing.transitions().stream().filter(t -> !t.time().isBefore(faultStart))
                .forEach(t -> log.println("transition " + t));
        if (settings.scenario().failsOver() && invalidReason == null) {
            failover = millisToFirst(routing, "FAILING_OVER", faultStart);
            long failbackDeadline = System.nanoTime() + settings.failbackWait().toNanos();
            while ((failback = millisToFirst(routing, "PRIMARY", faultEnd)) == null && System.nanoTime() < failbackDeadline) {
                LockSupport.parkNanos(Duration.ofMillis(500).toNanos());
            }
        }
        // a flapping router fails over (and back) more than once per episode
        List<RoutingClient.Transition> sinceFault = routing.transitions().stream()
                .filter(t -> !t.time().isBefore(faultStart)).toList();
        int failovers = (int) sinceFault.stream().filter(t -> t.to().equals("FAILING_OVER")).count();
        int failbacks = (int) sinceFault.stream().filter(t -> t.to().equals("PRIMARY")).count();
        Map<String, List<ReceivedEvent>> snapshot = new LinkedHashMap<>();
        received.forEach((partner, inbox) -> snapshot.put(partner, List.copyOf(inbox)));
        DrillOutcome outcome = DrillAccounting.account(acked, snapshot);
        logLost(acked, snapshot, start);
        logSlowestAcks(acked, start);
        logSlowestDeliveries(acked, snapshot, start);
        long faultOnsetEnd = faultStartNanos + FAULT_ONSET.toNanos();
        Percentiles e2eOutsideOnset = Percentiles.ofMicros(DrillAccounting.endToEndMicros(acked, snapshot,
                sent -> invalidReason != null || sent < faultStartNanos || sent >= faultOnsetEnd));
        Percentiles ack = Percentiles.ofMicros(acked.stream().map(e -> (e.ackedNanos() - e.sentNanos()) / 1_000).toList());
        int reconnects = partners.stream().mapToInt(s -> s.connects() - 1).sum();
        String invalid = invalidReason != null ? invalidReason
                : Preconditions.violatedDuring(settings.scenario(), failovers).orElse(null);
        if (invalid != null && invalidReason == null) {
            log.printf("INVALID: %s%n", invalid);
        }
        Verdict verdict = Verdict.of(settings.scenario(), outcome, producer.rejected(), producer.ioErrors(),
                fleetOverrideMs, invalid);
        return new DrillReport(settings.scenario().cliName(), settings.ratePerSecond(), durationMs,
                settings.outageLength().toMillis(), producer.sent(),
                outcome, producer.rejected(), producer.ioErrors(), failover, failback, failovers, failbacks, ack,
                Percentiles.ofMicros(outcome.e2eMicros()), e2eOutsideOnset, reconnects, stateAtFault, settings.routerUrls().size(),
                settings.streamUrls().size(), fleetOverrideMs, verdict, invalid);
    }

    /** The first router's state, or every router's as {@code router=PRIMARY,router-2=RECOVERING} in a fleet. */
    private static String stateAtFault(FleetSnapshot fleet) {
        if (fleet.routers().size() == 1) {
            return Optional.ofNullable(fleet.routers().get(0).routingState()).orElse("unknown");
        }
        return fleet.routers().stream().map(r -> r.name() + "=" + r.routingState())
                .collect(java.util.stream.Collectors.joining(","));
    }

    /**
     * Polls every router's {@code GET /v1/routing} until each writes to {@code target}; returns the milliseconds from
     * {@code since} until the slowest did, or null if one had not after 30 s.
     */
    private Long millisUntilEveryRouterWritesTo(String target, Instant since) {
        List<RoutingClient> routers = settings.routerUrls().stream().map(url -> new RoutingClient(http, url)).toList();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            if (routers.stream().allMatch(router -> router.target().orElse("").equals(target))) {
                long ms = Duration.between(since, Instant.now()).toMillis();
                log.printf("every router writes to %s %d ms after the override%n", target, ms);
                return ms;
            }
            LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
        }
        log.printf("not every router wrote to %s within 30 s of the override%n", target);
        return null;
    }

    private void awaitCaughtUp(List<AckedEvent> acked, Map<String, List<ReceivedEvent>> received) {
        long deadline = System.nanoTime() + settings.drainTimeout().toNanos();
        while (System.nanoTime() < deadline) {
            boolean all = received.values().stream().allMatch(inbox -> {
                synchronized (inbox) {
                    return inbox.stream().map(ReceivedEvent::id).distinct().count() >= acked.size()
                            && DrillAccounting.account(acked, Map.of("p", List.copyOf(inbox))).lost() == 0;
                }
            });
            if (all) {
                return;
            }
            LockSupport.parkNanos(Duration.ofMillis(250).toNanos());
        }
        log.println("partners did not receive every acknowledged event within " + settings.drainTimeout().toSeconds() + " s");
    }

    /** Names up to ten lost events of each partner, with when they were sent and acknowledged (ms into the load). */
    private void logLost(List<AckedEvent> acked, Map<String, List<ReceivedEvent>> received, long start) {
        received.forEach((partner, inbox) -> {
            Set<String> ids = new HashSet<>();
            inbox.forEach(event -> ids.add(event.id()));
            acked.stream().filter(event -> !ids.contains(event.id())).limit(10).forEach(event -> log.printf(
                    "lost at %s: %s (sent at %d ms, acknowledged at %d ms)%n", partner, event.id(),
                    (event.sentNanos() - start) / 1_000_000, (event.ackedNanos() - start) / 1_000_000));
        });
    }

    /** The five slowest acknowledgements and when they were sent: where in the fault the producer's tail lies. */
    private void logSlowestAcks(List<AckedEvent> acked, long start) {
        acked.stream().sorted(Comparator.comparingLong((AckedEvent e) -> e.ackedNanos() - e.sentNanos()).reversed())
                .limit(5).forEach(event -> log.printf("slow acknowledgement: %d ms, sent at %d ms into the load%n",
                        (event.ackedNanos() - event.sentNanos()) / 1_000_000, (event.sentNanos() - start) / 1_000_000));
    }

    /**
     * The ten slowest first receipts over all partners, with when each event was sent, acknowledged and received (ms
     * into the load): where in the fault the partners' tail lies, and whether it waited on the producer or on delivery.
     */
    private void logSlowestDeliveries(List<AckedEvent> acked, Map<String, List<ReceivedEvent>> received, long start) {
        DrillAccounting.firstReceipts(acked, received).stream()
                .sorted(Comparator.comparingLong(DrillAccounting.FirstReceipt::endToEndNanos).reversed()).limit(10)
                .forEach(d -> log.printf(
                        "slow delivery: %d ms, sent at %d ms, acknowledged at %d ms, received at %d ms (%s)%n",
                        d.endToEndNanos() / 1_000_000, (d.event().sentNanos() - start) / 1_000_000,
                        (d.event().ackedNanos() - start) / 1_000_000, (d.receivedNanos() - start) / 1_000_000,
                        d.event().id()));
    }

    /** Milliseconds from {@code after} to the first transition into {@code state} at or after it, or null. */
    private static Long millisToFirst(RoutingClient routing, String state, Instant after) {
        return routing.transitions().stream()
                .filter(t -> t.to().equals(state) && !t.time().isBefore(after))
                .findFirst().map(t -> Duration.between(after, t.time()).toMillis()).orElse(null);
    }

    private static void parkUntil(long nanoTime) {
        long wait;
        while ((wait = nanoTime - System.nanoTime()) > 0) {
            LockSupport.parkNanos(wait);
        }
    }

    private static void awaitTrue(java.util.function.BooleanSupplier condition, Duration timeout, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Timed out waiting for " + what);
            }
            LockSupport.parkNanos(POLL.toNanos());
        }
    }

    /**
     * Every scenario starts from PRIMARY, the state it describes: a failover is only measurable from there, and a
     * router still writing to Kafka from an earlier fallback would turn kafka-down into a fault of the sink in use. The
     * warm-up load goes on meanwhile, and PRIMARY must hold for a while under it: a router that reached PRIMARY idle
     * fell back within seconds of the load starting on 2 cores, and the emulator's first writes after a failback
     * stalled past the stall threshold within 2 s, both before the fault. In a fleet, every router. Gives up after
     * 180 s (the preconditions then find the drill invalid).
     */
    private static void awaitSettledPrimary(List<RoutingClient> routers) {
        long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
        long primarySince = Long.MAX_VALUE;
        while (System.nanoTime() < deadline) {
            boolean primary = routers.stream().allMatch(routing -> routing.state().orElse("").equals("PRIMARY"));
            primarySince = primary ? Math.min(primarySince, System.nanoTime()) : Long.MAX_VALUE;
            if (primary && System.nanoTime() - primarySince >= PRIMARY_SETTLE.toNanos()) {
                return;
            }
            LockSupport.parkNanos(Duration.ofMillis(500).toNanos());
        }
    }
}
