package dev.pipeline.tools.drill;

import java.util.Arrays;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/** A drill scenario: the fault injected at the outage start and how it ends at the outage end. */
public enum Scenario {
    /** The 2020 outage: the Kinesis endpoint hangs (SIGSTOP), later resumes. */
    KINESIS_HANG(Faults::freezeKinesis, Faults::thawKinesis, true, true),
    /** The Kinesis endpoint process is killed (connections refused), later started again. */
    KINESIS_DOWN(Faults::stopKinesis, Faults::startKinesis, true, true),
    /**
     * Kinesis takes every call and does the work (a PutRecords stores its records) but answers nothing, later answers
     * again: the router never learns what was stored, and delivery reads it only when Kinesis is back.
     */
    KINESIS_UNANSWERED(Faults::silenceKinesis, Faults::unsilenceKinesis, true, true),
    /** A gray failure: every Kinesis call slowed (with a long tail), later back to normal. */
    KINESIS_BROWNOUT(Faults::brownoutKinesis, Faults::healKinesis, true, true),
    /** A gray failure: a share of Kinesis calls answered 500 InternalFailure, later back to normal. */
    KINESIS_ERRORS(Faults::failKinesisCalls, Faults::healKinesis, true, true),
    /** The Kafka broker is killed (SIGKILL) while Kinesis is healthy, later relaunched. */
    KAFKA_DOWN(Faults::stopKafka, Faults::startKafka, false, true),
    /** The Kafka broker hangs (SIGSTOP) while Kinesis is healthy, later resumes: no restart to pay for. */
    KAFKA_HANG(Faults::freezeKafka, Faults::thawKafka, false, true),
    /** The router is killed mid-stream (SIGKILL); producers retry until it is back. */
    ROUTER_RESTART(Faults::killRouter, Faults::startRouter, false, false),
    /** Delivery is killed mid-stream; partners resume by cursor when it is back. */
    DELIVERY_RESTART(Faults::killDelivery, Faults::startDelivery, false, false),
    /** Each router stopped with SIGTERM and started again in turn under load, as a rollout does (needs 2 routers). */
    ROUTER_ROLLING_RESTART(Faults::restartRoutersInTurn, faults -> { }, false, false),
    /** Each delivery replica stopped with SIGTERM and started again in turn (needs 2 replicas). */
    DELIVERY_ROLLING_RESTART(Faults::restartDeliveriesInTurn, faults -> { }, false, false),
    /** The override to kafka through one router under load (every router must follow), later back to auto. */
    FLEET_OVERRIDE(faults -> faults.overrideFleet("kafka"), faults -> faults.overrideFleet("auto"), false, true);

    private final Consumer<Faults> inject;
    private final Consumer<Faults> recover;
    private final boolean failsOver;
    private final boolean needsKinesisWrites;

    Scenario(Consumer<Faults> inject, Consumer<Faults> recover, boolean failsOver, boolean needsKinesisWrites) {
        this.inject = inject;
        this.recover = recover;
        this.failsOver = failsOver;
        this.needsKinesisWrites = needsKinesisWrites;
    }

    /** Whether the scenario measures a move away from Kinesis: every router must write to it when the fault starts. */
    public boolean needsKinesisWrites() {
        return needsKinesisWrites;
    }

    public void inject(Faults faults) {
        inject.accept(faults);
    }

    public void recover(Faults faults) {
        recover.accept(faults);
    }

    /** Whether the router is expected to fail over to Kafka (and back). */
    public boolean failsOver() {
        return failsOver;
    }

    /** The command-line name, e.g. {@code kinesis-hang}. */
    public String cliName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static Scenario fromCli(String name) {
        return Arrays.stream(values()).filter(s -> s.cliName().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("Unknown scenario " + name + "; one of "
                        + Arrays.stream(values()).map(Scenario::cliName).collect(Collectors.joining(", "))));
    }
}
