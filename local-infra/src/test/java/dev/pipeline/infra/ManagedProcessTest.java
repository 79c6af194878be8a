package dev.pipeline.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManagedProcessTest {

    @TempDir
    Path dir;

    @Test
    void theLogExcerptNamesTheFileAndQuotesItsLastLines() {
        Path log = dir.resolve("child.log");
        try (ManagedProcess child = ManagedProcess.start("child", List.of("sh", "-c", "seq 1 40 | sed 's/^/line /'"),
                dir, Map.of(), log)) {
            assertTrue(child.awaitExit(Duration.ofSeconds(10)));
            String excerpt = child.logExcerpt();
            assertTrue(excerpt.startsWith("see " + log + ", which ends:"), excerpt);
            List<String> quoted = excerpt.lines().skip(1).map(String::strip).toList();
            assertEquals("line 26", quoted.get(0));
            assertEquals("line 40", quoted.get(quoted.size() - 1));
            assertEquals(15, quoted.size());
        }
    }

    @Test
    void anEmptyLogIsSaidToBeEmpty() {
        Path log = dir.resolve("quiet.log");
        try (ManagedProcess child = ManagedProcess.start("quiet", List.of("true"), dir, Map.of(), log)) {
            assertTrue(child.awaitExit(Duration.ofSeconds(10)));
            assertEquals("see " + log + " (empty)", child.logExcerpt());
        }
    }
}
