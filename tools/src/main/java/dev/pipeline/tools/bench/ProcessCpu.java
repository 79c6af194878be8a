package dev.pipeline.tools.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * CPU time a process has used, from Linux' {@code /proc/<pid>/stat} (user plus system time, in clock ticks), and the
 * CPU time per delivered frame it works out to over a phase.
 */
public final class ProcessCpu {

    /** Clock ticks per second of {@code /proc} times ({@code getconf CLK_TCK}; 100 on every Linux the bench runs on). */
    public static final int CLOCK_TICKS_PER_SECOND = 100;

    private ProcessCpu() {
    }

    /** The process' user plus system CPU time in clock ticks; empty when it cannot be read (no such process, no /proc). */
    public static OptionalLong ticks(long pid) {
        try {
            return OptionalLong.of(ticksOf(Files.readString(Path.of("/proc", Long.toString(pid), "stat"))));
        } catch (IOException | RuntimeException e) {
            return OptionalLong.empty();
        }
    }

    /**
     * User plus system time from a {@code stat} line: fields 14 and 15, counted after the command name, which is in
     * parentheses and may itself hold spaces and parentheses.
     */
    static long ticksOf(String stat) {
        String[] after = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
        // after the name: field 3 (state) is after[0], so field n is after[n - 3]
        return Long.parseLong(after[14 - 3]) + Long.parseLong(after[15 - 3]);
    }

    /** Microseconds of CPU per frame over a phase in which {@code frames} frames were delivered. */
    public static double microsPerFrame(long ticksBefore, long ticksAfter, long frames) {
        if (frames <= 0 || ticksAfter < ticksBefore) {
            return Double.NaN;
        }
        return (ticksAfter - ticksBefore) * 1_000_000.0 / CLOCK_TICKS_PER_SECOND / frames;
    }
}
