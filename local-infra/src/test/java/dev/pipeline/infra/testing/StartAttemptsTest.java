package dev.pipeline.infra.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.pipeline.infra.InfraException;

class StartAttemptsTest {

    @TempDir
    Path workDir;

    @Test
    void aFailedFirstStartIsRetriedInAFreshDirectory() {
        List<Path> dirs = new ArrayList<>();
        Path started = StartAttempts.start("thing", workDir, dir -> {
            dirs.add(dir);
            if (dirs.size() == 1) {
                throw new InfraException("port taken");
            }
            return dir;
        });
        assertEquals(2, dirs.size());
        assertSame(dirs.get(1), started);
        assertTrue(Files.isDirectory(dirs.get(0)) && Files.isDirectory(dirs.get(1)));
        assertTrue(!dirs.get(0).equals(dirs.get(1)) && dirs.get(1).startsWith(workDir), dirs.toString());
    }

    @Test
    void whenEveryAttemptFailsTheFirstFailureIsThrownWithTheOthersAttached() {
        InfraException first = new InfraException("first");
        InfraException second = new InfraException("second");
        List<InfraException> failures = new ArrayList<>(List.of(first, second));
        InfraException thrown = assertThrows(InfraException.class,
                () -> StartAttempts.start("thing", workDir, dir -> {
                    throw failures.remove(0);
                }));
        assertSame(first, thrown);
        assertArrayEquals(new Throwable[] {second}, thrown.getSuppressed());
    }

    @Test
    void otherErrorsAreNotRetried() {
        List<Path> dirs = new ArrayList<>();
        assertThrows(IllegalStateException.class, () -> StartAttempts.start("thing", workDir, dir -> {
            dirs.add(dir);
            throw new IllegalStateException("a bug, not a busy machine");
        }));
        assertEquals(1, dirs.size());
    }
}
