package dev.pipeline.helm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The environment names a service's {@code @ConfigMapping} accepts, read from its Java source as text. Reading the
 * source keeps Quarkus and the services out of the chart's build, and still fails the chart's test when a setting the
 * chart sets is renamed or removed. Understands what the config mappings use: nested interfaces, {@code extends},
 * {@code Optional<X>} and {@code Map<String, X>} (map keys become {@code __KEY__} in env names).
 */
final class ConfigMappingEnvNames {

    private static final Pattern INTERFACE = Pattern.compile("interface\\s+(\\w+)(?:\\s+extends\\s+([\\w.]+))?\\s*\\{");
    private static final Pattern METHOD = Pattern.compile("([\\w.]+(?:<[\\w.<>,\\s?]+>)?)\\s+(\\w+)\\(\\)\\s*;");
    private static final Pattern PREFIX = Pattern.compile("@ConfigMapping\\(prefix\\s*=\\s*\"([\\w.-]+)\"\\)");
    private static final Pattern MAP_OF = Pattern.compile("Map<\\s*String\\s*,\\s*([\\w.]+)\\s*>");
    private static final Pattern OPTIONAL_OF = Pattern.compile("Optional<\\s*([\\w.<>,\\s]+)\\s*>");

    /** Interfaces by simple name: their own methods and what they extend. */
    private final Map<String, Declared> interfaces = new HashMap<>();
    private final List<Path> sourceRoots;

    private record Declared(String body, String parent, Path file) {
    }

    private ConfigMappingEnvNames(List<Path> sourceRoots) {
        this.sourceRoots = sourceRoots;
    }

    /** Regular expressions matching every env name the mapping in {@code configFile} accepts. */
    static List<Pattern> of(Path configFile, List<Path> sourceRoots) {
        ConfigMappingEnvNames reader = new ConfigMappingEnvNames(sourceRoots);
        String source = reader.parse(configFile);
        Matcher prefix = PREFIX.matcher(source);
        if (!prefix.find()) {
            throw new IllegalArgumentException("no @ConfigMapping prefix in " + configFile);
        }
        Matcher root = INTERFACE.matcher(source.substring(prefix.end()));
        if (!root.find()) {
            throw new IllegalArgumentException("no interface after @ConfigMapping in " + configFile);
        }
        List<Pattern> names = new ArrayList<>();
        reader.walk(Pattern.quote(envName(prefix.group(1))), root.group(1), names);
        return names;
    }

    /** Upper-cased env form of a property segment: apiKeyHashes or api-key-hashes becomes API_KEY_HASHES. */
    static String envName(String segment) {
        return segment.replaceAll("([a-z0-9])([A-Z])", "$1_$2").replaceAll("[.-]", "_").toUpperCase(java.util.Locale.ROOT);
    }

    /** Adds the env-name expressions of an interface's settings; {@code prefix} is itself a regular expression. */
    private void walk(String prefix, String interfaceName, List<Pattern> names) {
        Declared declared = interfaces.get(interfaceName);
        if (declared == null) {
            throw new IllegalStateException("interface " + interfaceName + " not found in the parsed sources");
        }
        if (declared.parent() != null) {
            String parent = simpleName(declared.parent());
            if (!interfaces.containsKey(parent)) {
                parse(locate(declared.file(), declared.parent()));
            }
            walk(prefix, parent, names);
        }
        Matcher method = METHOD.matcher(declared.body());
        while (method.find()) {
            String type = method.group(1);
            String name = prefix + Pattern.quote("_" + envName(method.group(2)));
            Matcher optional = OPTIONAL_OF.matcher(type);
            if (optional.matches()) {
                type = optional.group(1).trim();
            }
            Matcher map = MAP_OF.matcher(type);
            if (map.matches()) {
                // A map key keeps its dashes in the env name: SmallRye reads X__ACME-CORP__Y as x."acme-corp".y.
                String keyed = name + "__[A-Z0-9-]+";
                if (interfaces.containsKey(simpleName(map.group(1)))) {
                    walk(keyed + "_", simpleName(map.group(1)), names);
                } else {
                    names.add(Pattern.compile(keyed));
                }
            } else if (interfaces.containsKey(simpleName(type)) || parsedFromImport(declared.file(), type)) {
                walk(name, simpleName(type), names);
            } else {
                names.add(Pattern.compile(name));
            }
        }
    }

    /** Records the interfaces declared in a file, each body without the bodies of interfaces nested in it. */
    private String parse(Path file) {
        String source = read(file);
        Matcher matcher = INTERFACE.matcher(source);
        while (matcher.find()) {
            int open = matcher.end() - 1;
            int close = matchingBrace(source, open);
            StringBuilder own = new StringBuilder(source.substring(open + 1, close));
            Matcher nested = INTERFACE.matcher(own);
            while (nested.find()) {
                int nestedClose = matchingBrace(own, nested.end() - 1);
                for (int i = nested.start(); i <= nestedClose; i++) {
                    own.setCharAt(i, ' ');
                }
                nested = INTERFACE.matcher(own);
            }
            interfaces.put(matcher.group(1), new Declared(own.toString(), matcher.group(2), file));
        }
        return source;
    }

    /** Parses a group interface declared in a file of its own (e.g. service-support's settings), if it is one. */
    private boolean parsedFromImport(Path from, String type) {
        Matcher imported = Pattern.compile("import\\s+([\\w.]+\\." + Pattern.quote(simpleName(type)) + ");")
                .matcher(read(from));
        if (!imported.find()) {
            return false;
        }
        String relative = imported.group(1).replace('.', '/') + ".java";
        sourceRoots.stream().map(root -> root.resolve(relative)).filter(Files::exists).findFirst().ifPresent(this::parse);
        return interfaces.containsKey(simpleName(type));
    }

    private Path locate(Path from, String type) {
        String qualified = type.contains(".") ? type : importOf(read(from), type);
        String relative = qualified.replace('.', '/') + ".java";
        return sourceRoots.stream().map(root -> root.resolve(relative)).filter(Files::exists).findFirst()
                .orElseThrow(() -> new IllegalStateException("source of " + qualified + " not found"));
    }

    private static String importOf(String source, String simple) {
        Matcher matcher = Pattern.compile("import\\s+([\\w.]+\\." + simple + ");").matcher(source);
        if (!matcher.find()) {
            throw new IllegalStateException("no import of " + simple);
        }
        return matcher.group(1);
    }

    private static int matchingBrace(CharSequence text, int open) {
        int depth = 0;
        for (int i = open; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '{') {
                depth++;
            } else if (c == '}' && --depth == 0) {
                return i;
            }
        }
        throw new IllegalStateException("unbalanced braces");
    }

    private static String simpleName(String type) {
        return type.substring(type.lastIndexOf('.') + 1);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
