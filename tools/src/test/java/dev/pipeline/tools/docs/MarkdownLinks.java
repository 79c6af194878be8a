package dev.pipeline.tools.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the links in Markdown files that do not resolve to a file of the repository, or to a heading's anchor as
 * GitHub renders it (lower case, punctuation dropped, spaces to hyphens, repeats numbered -1, -2, …).
 */
final class MarkdownLinks {

    private static final Pattern INLINE = Pattern.compile("!?\\[(?:[^\\]\\[]|\\[[^\\]]*\\])*\\]\\(\\s*<?([^)\\s>]+)>?(?:\\s+\"[^\"]*\")?\\s*\\)");
    private static final Pattern REFERENCE = Pattern.compile("^\\s{0,3}\\[[^\\]]+\\]:\\s*<?(\\S+?)>?(?:\\s+.*)?$");
    private static final Pattern HEADING = Pattern.compile("^\\s{0,3}(#{1,6})\\s+(.*?)\\s*#*\\s*$");
    private static final Pattern HTML_ANCHOR = Pattern.compile("<a\\s+(?:name|id)=\"([^\"]+)\"");

    private final Path root;
    private final Map<Path, Set<String>> anchors = new HashMap<>();

    MarkdownLinks(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    /** Each broken link as "file:line: target (why)". */
    List<String> broken(List<Path> files) {
        List<String> problems = new ArrayList<>();
        for (Path file : files) {
            List<String> lines = read(file);
            boolean fenced = false;
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                if (line.strip().startsWith("```") || line.strip().startsWith("~~~")) {
                    fenced = !fenced;
                    continue;
                }
                if (fenced) {
                    continue;
                }
                for (String target : targets(line)) {
                    String problem = check(file, target);
                    if (problem != null) {
                        problems.add(root.relativize(file.toAbsolutePath().normalize()) + ":" + (i + 1) + ": "
                                + target + " (" + problem + ")");
                    }
                }
            }
        }
        return problems;
    }

    /** The anchor GitHub gives a heading with this text. */
    static String slug(String heading) {
        String text = heading.replaceAll("!?\\[([^\\]]*)\\]\\([^)]*\\)", "$1")  // a link keeps its text
                .replaceAll("<[^>]+>", "")                                         // inline HTML
                .toLowerCase(Locale.ROOT);
        StringBuilder slug = new StringBuilder();
        text.codePoints().forEach(c -> {
            if (Character.isLetterOrDigit(c) || c == '-' || c == '_') {
                slug.appendCodePoint(c);
            } else if (c == ' ') {
                slug.append('-');
            }
        });
        return slug.toString();
    }

    private static List<String> targets(String line) {
        String withoutCode = line.replaceAll("`[^`]*`", "``");
        List<String> targets = new ArrayList<>();
        Matcher inline = INLINE.matcher(withoutCode);
        while (inline.find()) {
            targets.add(inline.group(1));
        }
        Matcher reference = REFERENCE.matcher(withoutCode);
        if (reference.matches()) {
            targets.add(reference.group(1));
        }
        return targets;
    }

    private String check(Path from, String target) {
        if (target.matches("^[a-zA-Z][a-zA-Z0-9+.-]*:.*")) {
            return null;  // http:, https:, mailto: — outside the repository
        }
        int hash = target.indexOf('#');
        String path = hash < 0 ? target : target.substring(0, hash);
        String anchor = hash < 0 ? null : target.substring(hash + 1);
        Path file = path.isEmpty() ? from : path.startsWith("/")
                ? root.resolve(path.substring(1)) : from.toAbsolutePath().getParent().resolve(path);
        file = file.normalize();
        if (!file.startsWith(root)) {
            return "outside the repository";
        }
        if (!Files.exists(file)) {
            return "no such file";
        }
        if (anchor == null || anchor.isEmpty()) {
            return null;
        }
        if (!file.toString().endsWith(".md")) {
            return "an anchor into a file that is not Markdown";
        }
        return anchorsOf(file).contains(anchor) ? null : "no heading with this anchor in " + root.relativize(file);
    }

    private Set<String> anchorsOf(Path file) {
        return anchors.computeIfAbsent(file, f -> {
            Set<String> found = new HashSet<>();
            Map<String, Integer> seen = new HashMap<>();
            boolean fenced = false;
            for (String line : read(f)) {
                if (line.strip().startsWith("```") || line.strip().startsWith("~~~")) {
                    fenced = !fenced;
                    continue;
                }
                if (fenced) {
                    continue;
                }
                Matcher heading = HEADING.matcher(line);
                if (heading.matches()) {
                    String slug = slug(heading.group(2));
                    int count = seen.merge(slug, 1, Integer::sum);
                    found.add(count == 1 ? slug : slug + "-" + (count - 1));
                }
                Matcher html = HTML_ANCHOR.matcher(line);
                while (html.find()) {
                    found.add(html.group(1));
                }
            }
            return found;
        });
    }

    private static List<String> read(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
