package dev.pipeline.tools.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A one-line description of the machine the figures came from: CPU model, cores, memory. */
public final class Machine {

    private Machine() {
    }

    public static String describe() {
        String cpu = firstValue(Path.of("/proc/cpuinfo"), "model name");
        String memory = firstValue(Path.of("/proc/meminfo"), "MemTotal");
        long gib = memory.isEmpty() ? 0 : Long.parseLong(memory.replaceAll("\\D", "")) / (1024 * 1024);
        return Runtime.getRuntime().availableProcessors() + " cores (" + cpu + "), " + gib + " GiB, Java "
                + System.getProperty("java.version");
    }

    private static String firstValue(Path file, String name) {
        try {
            return Files.readAllLines(file).stream().filter(line -> line.startsWith(name))
                    .map(line -> line.substring(line.indexOf(':') + 1).trim()).findFirst().orElse("");
        } catch (IOException e) {
            return "";
        }
    }
}
