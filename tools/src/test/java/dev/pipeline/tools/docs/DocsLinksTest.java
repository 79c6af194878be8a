package dev.pipeline.tools.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every link in README.md and docs/ resolves to a file of the repository or to an anchor GitHub would render. */
class DocsLinksTest {

    /** The repository's root: the tools module runs its tests from its own directory. */
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    @Test
    void everyLinkInTheReadmeAndTheDocsResolves() throws IOException {
        List<Path> files = new ArrayList<>();
        files.add(ROOT.resolve("README.md"));
        try (Stream<Path> docs = Files.walk(ROOT.resolve("docs"))) {
            docs.filter(path -> path.toString().endsWith(".md")).sorted().forEach(files::add);
        }
        assertTrue(files.size() > 5, "README.md and the docs are found from " + ROOT + ": " + files);
        List<String> broken = new MarkdownLinks(ROOT).broken(files);
        assertEquals(List.of(), broken, "broken links:\n" + String.join("\n", broken));
    }

    @Test
    void aMissingFileAndAMissingAnchorAreReported(@TempDir Path repo) throws IOException {
        Files.createDirectories(repo.resolve("docs"));
        Files.writeString(repo.resolve("docs/design.md"), "# Design\n\n## Ordering and the watermark\n");
        Files.writeString(repo.resolve("README.md"), String.join("\n",
                "# Project",
                "[design](docs/design.md#ordering-and-the-watermark) and [up](#project) resolve;",
                "[gone](docs/gone.md), [no anchor](docs/design.md#leases) and [escape](../outside.md) do not;",
                "[web](https://example.org/x) is not checked, nor `[code](missing.md)`.",
                "```",
                "[fenced](missing.md)",
                "```",
                "[ref]: docs/missing-too.md"));
        List<String> broken = new MarkdownLinks(repo).broken(List.of(repo.resolve("README.md")));
        assertEquals(List.of(
                "README.md:3: docs/gone.md (no such file)",
                "README.md:3: docs/design.md#leases (no heading with this anchor in docs/design.md)",
                "README.md:3: ../outside.md (outside the repository)",
                "README.md:8: docs/missing-too.md (no such file)"), broken);
    }

    @Test
    void anchorsFollowGitHubsRules() {
        String[][] cases = {
                {"Producer API: `POST /v1/events` (ingest-service)", "producer-api-post-v1events-ingest-service"},
                {"Ordering, duplicates and their limits", "ordering-duplicates-and-their-limits"},
                {"The 5-minute tour", "the-5-minute-tour"},
                {"Settings (`delivery.*`)", "settings-delivery"},
                {"0001 — plain Kafka clients", "0001--plain-kafka-clients"},
                {"[Linked](other.md) heading", "linked-heading"},
                {"snake_case stays", "snake_case-stays"},
        };
        for (String[] c : cases) {
            assertEquals(c[1], MarkdownLinks.slug(c[0]), c[0]);
        }
    }
}
