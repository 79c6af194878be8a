package dev.pipeline.infra.testing;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;

import dev.pipeline.infra.Directories;
import dev.pipeline.infra.InfraException;

/**
 * Starts a local process for a test on ports chosen free just before, and once more on new ports in a new
 * directory when that fails: a port free when chosen can be taken before the child process binds it, and a
 * loaded build machine can make a first start fail where a second succeeds.
 */
public final class StartAttempts {

    private static final int ATTEMPTS = 2;

    private StartAttempts() {
    }

    /** Runs {@code attempt} with a fresh directory under {@code workDir} until it succeeds or attempts run out. */
    public static <T> T start(String what, Path workDir, Function<Path, T> attempt) {
        AtomicInteger number = new AtomicInteger();
        return start(what, () -> attempt.apply(
                Directories.create(workDir.resolve("attempt-" + number.incrementAndGet()))));
    }

    /** Runs {@code attempt}, which picks its own ports and directory, until it succeeds or attempts run out. */
    public static <T> T start(String what, Supplier<T> attempt) {
        InfraException failure = null;
        for (int i = 1; i <= ATTEMPTS; i++) {
            try {
                return attempt.get();
            } catch (InfraException e) {
                // stderr: test JVMs differ in their logging set-up, and surefire shows this output in every one
                System.err.println("Starting " + what + " failed (attempt " + i + " of " + ATTEMPTS + "): "
                        + e.getMessage());
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        throw failure;
    }
}
