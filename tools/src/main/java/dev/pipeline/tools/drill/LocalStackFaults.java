package dev.pipeline.tools.drill;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

import dev.pipeline.infra.EndpointControl;
import dev.pipeline.infra.HttpImpairment;
import dev.pipeline.infra.LocalInfraMain;
import dev.pipeline.infra.TcpFaultProxy;
import dev.pipeline.tools.LocalStack;
import dev.pipeline.tools.RoutingClient;

/**
 * Faults on the stack {@code bin/pipeline up} runs, through its PID files: SIGSTOP/SIGCONT for a hang, SIGKILL and
 * a relaunch with the same command line for a stopped broker, SIGKILL and {@code bin/pipeline up} for a service. A
 * down Kinesis endpoint refuses connections at the launcher's proxy while the emulator is stopped (SIGSTOP): killing
 * it would wipe records it acknowledged, since it keeps them only in memory, a loss the real service does not have.
 * Gray failures of Kinesis (a brownout, a share of errors) are applied request by request by the same proxy.
 */
public final class LocalStackFaults implements Faults {

    private static final Duration CONTROL_TIMEOUT = Duration.ofSeconds(5);

    /** Longest a replica stopped with SIGTERM may take to exit: the chart's grace period. */
    private static final Duration STOP_GRACE = Duration.ofSeconds(30);

    private final LocalStack stack;
    private final HttpImpairment brownout;
    private final HttpImpairment errors;
    private final int routers;
    private final int deliveries;
    private ProcessControl.Launch kafkaLaunch;

    /** Faults on {@code stack}; {@code brownout} and {@code errors} are the gray failures its Kinesis endpoint gets. */
    public LocalStackFaults(LocalStack stack, HttpImpairment brownout, HttpImpairment errors) {
        this(stack, brownout, errors, 1, 1);
    }

    /** Faults on a stack running {@code routers} routers and {@code deliveries} delivery replicas. */
    public LocalStackFaults(LocalStack stack, HttpImpairment brownout, HttpImpairment errors, int routers,
                            int deliveries) {
        this.stack = stack;
        this.brownout = brownout;
        this.errors = errors;
        this.routers = routers;
        this.deliveries = deliveries;
    }

    @Override
    public void freezeKinesis() {
        ProcessControl.signal(ProcessControl.pid(kinesisPidFile()), "STOP");
    }

    @Override
    public void thawKinesis() {
        ProcessControl.signal(ProcessControl.pid(kinesisPidFile()), "CONT");
    }

    @Override
    public void stopKinesis() {
        EndpointControl.request(infraDir(), LocalInfraMain.KINESIS_ENDPOINT, TcpFaultProxy.Mode.REFUSE, CONTROL_TIMEOUT);
        freezeKinesis();
    }

    @Override
    public void startKinesis() {
        thawKinesis();
        EndpointControl.request(infraDir(), LocalInfraMain.KINESIS_ENDPOINT, TcpFaultProxy.Mode.PASS, CONTROL_TIMEOUT);
    }

    @Override
    public void silenceKinesis() {
        EndpointControl.request(infraDir(), LocalInfraMain.KINESIS_ENDPOINT, TcpFaultProxy.Mode.UNANSWERED,
                CONTROL_TIMEOUT);
    }

    @Override
    public void unsilenceKinesis() {
        EndpointControl.request(infraDir(), LocalInfraMain.KINESIS_ENDPOINT, TcpFaultProxy.Mode.PASS, CONTROL_TIMEOUT);
    }

    @Override
    public void brownoutKinesis() {
        impairKinesis(brownout);
    }

    @Override
    public void failKinesisCalls() {
        impairKinesis(errors);
    }

    @Override
    public void healKinesis() {
        impairKinesis(HttpImpairment.NONE);
    }

    private void impairKinesis(HttpImpairment impairment) {
        EndpointControl.requestImpairment(infraDir(), LocalInfraMain.KINESIS_IMPAIRMENT, impairment, CONTROL_TIMEOUT);
    }

    @Override
    public void stopKafka() {
        kafkaLaunch = killRemembering(kafkaPidFile());
    }

    @Override
    public void startKafka() {
        int port = Integer.parseInt(System.getenv().getOrDefault("PIPELINE_KAFKA_BOOTSTRAP", "localhost:9092")
                .replaceAll(".*:", ""));
        relaunch(kafkaLaunch, kafkaPidFile(), "kafka", port);
    }

    @Override
    public void freezeKafka() {
        ProcessControl.signal(ProcessControl.pid(kafkaPidFile()), "STOP");
    }

    @Override
    public void thawKafka() {
        ProcessControl.signal(ProcessControl.pid(kafkaPidFile()), "CONT");
    }

    @Override
    public void killRouter() {
        ProcessControl.kill(ProcessControl.pid(stack.state().resolve("router.pid")));
    }

    @Override
    public void startRouter() {
        stack.up();
    }

    @Override
    public void killDelivery() {
        ProcessControl.kill(ProcessControl.pid(stack.state().resolve("delivery.pid")));
    }

    @Override
    public void startDelivery() {
        try {
            stack.up();
        } catch (IllegalStateException slowStart) {
            // a restarted delivery rebuilds its history from both sources, which may outlast bin/pipeline's 60 s
            long deadline = System.nanoTime() + Duration.ofSeconds(240).toNanos();
            while (!stack.ready()) {
                if (System.nanoTime() > deadline) {
                    throw slowStart;
                }
                LockSupport.parkNanos(Duration.ofSeconds(1).toNanos());
            }
        }
    }

    @Override
    public void restartRoutersInTurn() {
        restartInTurn("router", routers);
    }

    @Override
    public void restartDeliveriesInTurn() {
        restartInTurn("delivery", deliveries);
    }

    @Override
    public void overrideFleet(String mode) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        new RoutingClient(http, stack.routerUrl()).override(mode, stack.adminToken(), "drill");
    }

    /** Each replica in turn: SIGTERM, wait for its exit, start it again through bin/pipeline up, wait until ready. */
    private void restartInTurn(String kind, int count) {
        for (int k = 1; k <= count; k++) {
            String name = FleetSnapshot.name(kind, k);
            long pid = ProcessControl.pid(stack.state().resolve(name + ".pid"));
            long stopping = System.nanoTime();
            boolean clean = ProcessControl.terminate(pid, STOP_GRACE);
            System.err.printf("restart: %s stopped %s in %d ms%n", name, clean ? "by itself" : "by SIGKILL after the grace",
                    (System.nanoTime() - stopping) / 1_000_000);
            upUntilReady();
            System.err.printf("restart: %s ready again%n", name);
        }
    }

    /** bin/pipeline up (the fleet as started), then waits on: a delivery replica may rebuild its history for long. */
    private void upUntilReady() {
        try {
            stack.up();
        } catch (IllegalStateException slowStart) {
            long deadline = System.nanoTime() + Duration.ofSeconds(240).toNanos();
            while (!stack.ready(routers, deliveries)) {
                if (System.nanoTime() > deadline) {
                    throw slowStart;
                }
                LockSupport.parkNanos(Duration.ofSeconds(1).toNanos());
            }
        }
    }

    /** Kills the process of a PID file after reading how it was launched, so it can be started the same way. */
    private static ProcessControl.Launch killRemembering(Path pidFile) {
        long pid = ProcessControl.pid(pidFile);
        ProcessControl.Launch launch = ProcessControl.launchOf(pid);
        ProcessControl.kill(pid);
        return launch;
    }

    private void relaunch(ProcessControl.Launch launch, Path pidFile, String name, int port) {
        Path log = stack.state().resolve("infra").resolve(name + "-relaunched.log");
        long pid = ProcessControl.relaunch(launch, log);
        try {
            Files.writeString(pidFile, Long.toString(pid));
        } catch (IOException e) {
            throw new IllegalStateException("Cannot write " + pidFile, e);
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!listening(port)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(name + " relaunched (pid " + pid + ") but port " + port + " is not open; see " + log);
            }
            LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
        }
    }

    private static boolean listening(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("localhost", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private Path infraDir() {
        return stack.state().resolve("infra");
    }

    private Path kinesisPidFile() {
        return infraDir().resolve("kinesis.pid");
    }

    private Path kafkaPidFile() {
        return infraDir().resolve("kafka.pid");
    }
}
