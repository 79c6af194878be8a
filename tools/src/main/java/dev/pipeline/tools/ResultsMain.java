package dev.pipeline.tools;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import dev.pipeline.tools.results.ResultsTable;
import dev.pipeline.tools.results.RunContext;

/** Appends one row per drill or bench JSON line to the tables in docs/results.md. */
public final class ResultsMain {

    private static final Set<String> OPTIONS = Set.of("kind", "results", "input", "commit");
    private static final String USAGE = "usage: ResultsMain --kind drill|bench [--results docs/results.md]"
            + " [--input file (default: standard input)] [--commit the build measured (default: HEAD)]";

    private ResultsMain() {
    }

    public static void main(String[] args) throws IOException {
        Options options = Options.parseOrExit(args, OPTIONS, USAGE);
        ResultsTable.Kind kind;
        try {
            kind = ResultsTable.Kind.valueOf(options.string("kind", "").toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            System.err.println("--kind must be drill or bench");
            System.err.println(USAGE);
            System.exit(2);
            return;
        }
        Path results = Path.of(options.string("results", "docs/results.md"));
        String input = options.string("input", "");
        List<String> lines = input.isEmpty()
                ? new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).lines().toList()
                : Files.readAllLines(Path.of(input));
        String before = Files.readString(results);
        RunContext run = RunContext.current();
        String commit = options.string("commit", "");
        if (!commit.isEmpty()) {
            run = new RunContext(run.date(), commit, run.machine());
        }
        String after = ResultsTable.append(before, kind, lines, run);
        Files.writeString(results, after);
        System.err.printf("%s: %d row(s) added to the %s table%n", results,
                after.split("\n", -1).length - before.split("\n", -1).length, kind.name().toLowerCase(Locale.ROOT));
    }
}
