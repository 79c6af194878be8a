package dev.pipeline.tools;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** {@code --name value} command-line options with typed getters; durations as {@code 500ms}, {@code 20s}, {@code 2m} or seconds. */
public final class Options {

    private final Map<String, String> values = new HashMap<>();

    private Options() {
    }

    /**
     * Parses {@code args} for a command line tool: with {@code --help} or {@code -h} prints {@code usage} and exits 0;
     * on an unknown or incomplete option prints what is wrong and {@code usage} on standard error and exits 2.
     */
    public static Options parseOrExit(String[] args, Set<String> known, String usage) {
        if (asksForHelp(args)) {
            System.out.println(usage);
            System.exit(0);
        }
        try {
            return parse(args, known);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(usage);
            System.exit(2);
            throw e;
        }
    }

    /** Whether {@code args} ask for the usage rather than a run. */
    public static boolean asksForHelp(String[] args) {
        for (String arg : args) {
            if (arg.equals("--help") || arg.equals("-h")) {
                return true;
            }
        }
        return false;
    }

    /** Parses {@code args}, refusing names outside {@code known}. */
    public static Options parse(String[] args, Set<String> known) {
        Options options = new Options();
        for (int i = 0; i < args.length; i += 2) {
            String name = args[i];
            if (!name.startsWith("--") || !known.contains(name.substring(2))) {
                throw new IllegalArgumentException("Unknown option " + name + "; known: --"
                        + String.join(", --", new TreeSet<>(known)));
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("Option " + name + " needs a value");
            }
            options.values.put(name.substring(2), args[i + 1]);
        }
        return options;
    }

    public String string(String name, String fallback) {
        return values.getOrDefault(name, fallback);
    }

    public int integer(String name, int fallback) {
        return values.containsKey(name) ? Integer.parseInt(values.get(name)) : fallback;
    }

    public double decimal(String name, double fallback) {
        return values.containsKey(name) ? Double.parseDouble(values.get(name)) : fallback;
    }

    public Duration duration(String name, Duration fallback) {
        String value = values.get(name);
        if (value == null) {
            return fallback;
        }
        if (value.endsWith("ms")) {
            return Duration.ofMillis(Long.parseLong(value.substring(0, value.length() - 2)));
        }
        if (value.endsWith("m")) {
            return Duration.ofMinutes(Long.parseLong(value.substring(0, value.length() - 1)));
        }
        String seconds = value.endsWith("s") ? value.substring(0, value.length() - 1) : value;
        return Duration.ofMillis((long) (Double.parseDouble(seconds) * 1000));
    }
}
