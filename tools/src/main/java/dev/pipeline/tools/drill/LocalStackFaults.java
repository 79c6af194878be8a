package dev.pipeline.tools.drill;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

import dev.pipeline.tools.LocalStack;

/**
 * Faults on the stack {@code bin/pipeline up} runs, through its PID files: SIGSTOP/SIGCONT for a hang, SIGKILL and
 * a relaunch with the same command line for a stopped process, SIGKILL and {@code bin/pipeline up} for a service.
 */
public final class LocalStackFaults implements Faults {

    private final LocalStack stack;
    private ProcessControl.Launch kinesisLaunch;
    private ProcessControl.Launch kafkaLaunch;

    public LocalStackFaults(LocalStack stack) {
        this.stack = stack;
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
        kinesisLaunch = killRemembering(kinesisPidFile());
    }

    @Override
    public void startKinesis() {
        relaunch(kinesisLaunch, kinesisPidFile(), "kinesis",
                Integer.parseInt(kinesisLaunch.environment().getOrDefault("KINESIS_MOCK_PLAIN_PORT", "4567")));
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

    private Path kinesisPidFile() {
        return stack.state().resolve("infra").resolve("kinesis.pid");
    }

    private Path kafkaPidFile() {
        return stack.state().resolve("infra").resolve("kafka.pid");
    }
}
