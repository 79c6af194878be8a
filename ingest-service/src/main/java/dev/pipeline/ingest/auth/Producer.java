package dev.pipeline.ingest.auth;

import java.util.List;

/** An authenticated producer and the source prefixes it may send ({@code *} or an empty prefix: any source). */
public record Producer(String name, List<String> sourcePrefixes) {

    public static final String ANY_SOURCE = "*";

    public Producer {
        sourcePrefixes = List.copyOf(sourcePrefixes);
    }

    /** Whether this producer may send events with the given source. */
    public boolean allows(String source) {
        for (String prefix : sourcePrefixes) {
            if (prefix.isEmpty() || prefix.equals(ANY_SOURCE) || source.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }
}
