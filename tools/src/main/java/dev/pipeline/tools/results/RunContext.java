package dev.pipeline.tools.results;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;

/** Where a run's figures came from: the day (UTC), the commit and the machine. */
public record RunContext(LocalDate date, String commit, String machine) {

    /** This run: today, {@code git rev-parse --short HEAD} (+dirty with local changes), this machine. */
    public static RunContext current() {
        String commit = git("rev-parse", "--short", "HEAD");
        if (!git("status", "--porcelain", "--untracked-files=no").isEmpty()) {
            commit += "+dirty";
        }
        return new RunContext(LocalDate.now(ZoneOffset.UTC), commit.isEmpty() ? "unknown" : commit, thisMachine());
    }

    /** Cores, memory and Java version: what the figures depend on most on a shared box. */
    static String thisMachine() {
        long gib = 0;
        try {
            gib = Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(line -> line.startsWith("MemTotal"))
                    .map(line -> Long.parseLong(line.replaceAll("\\D", "")) / (1024 * 1024)).findFirst().orElse(0L);
        } catch (IOException | NumberFormatException e) {
            // no /proc (not Linux): the memory is left out of the description rather than guessed
        }
        return Runtime.getRuntime().availableProcessors() + " cores, " + (gib > 0 ? gib + " GiB, " : "")
                + "Java " + System.getProperty("java.version");
    }

    private static String git(String... args) {
        String[] command = new String[args.length + 1];
        command[0] = "git";
        System.arraycopy(args, 0, command, 1, args.length);
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            return process.waitFor(10, TimeUnit.SECONDS) && process.exitValue() == 0 ? out : "";
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }
}
