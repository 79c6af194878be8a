package dev.pipeline.delivery.partner;

import java.nio.charset.StandardCharsets;
import java.util.List;

import dev.pipeline.delivery.merge.FeedAttributes;
import dev.pipeline.envelope.AttributeEdit;

/**
 * A configured partner: its name, the event types it may receive and how many streams it may hold open at once
 * (its credentials are checked by {@link Partners}).
 */
public record Partner(String name, List<TypePattern> entitlements, int maxStreams) {

    /** Streams a partner may hold open on one replica unless configured otherwise. */
    public static final int DEFAULT_MAX_STREAMS = 100;

    public Partner(String name, List<TypePattern> entitlements) {
        this(name, entitlements, DEFAULT_MAX_STREAMS);
    }

    /** Extension attribute naming the partners (comma-separated) an event is addressed to. */
    public static final String AUDIENCE = FeedAttributes.AUDIENCE;

    /** Whether the partner may receive the event: its type is entitled and any audience names the partner. */
    public boolean entitledTo(FeedAttributes event) {
        if (!anyMatches(entitlements, event.type())) {
            return false;
        }
        return event.audience() == null || inAudience(event.audience());
    }

    /** Whether any pattern matches the type (a loop, not a stream: this runs per event per connection). */
    static boolean anyMatches(List<TypePattern> patterns, String type) {
        for (int i = 0; i < patterns.size(); i++) {
            if (patterns.get(i).matches(type)) {
                return true;
            }
        }
        return false;
    }

    /** Whether the comma-separated audience names this partner (names trimmed), scanned in place. */
    private boolean inAudience(String audience) {
        int start = 0;
        while (start <= audience.length()) {
            int comma = audience.indexOf(',', start);
            int end = comma < 0 ? audience.length() : comma;
            int from = start;
            int to = end;
            while (from < to && audience.charAt(from) <= ' ') {
                from++;
            }
            while (to > from && audience.charAt(to - 1) <= ' ') {
                to--;
            }
            if (to - from == name.length() && audience.regionMatches(from, name, 0, name.length())) {
                return true;
            }
            if (comma < 0) {
                return false;
            }
            start = comma + 1;
        }
        return false;
    }

    /**
     * The JSON this partner receives: as merged, except that an audience is narrowed to this partner's own name,
     * so no partner learns which other partners exist (only that attribute's value changes; every other byte stays).
     */
    public byte[] jsonFor(FeedAttributes attributes, byte[] mergedJson) {
        return attributes.audience() == null ? mergedJson : AttributeEdit.withStringAttribute(
                new String(mergedJson, StandardCharsets.UTF_8), AUDIENCE, name).getBytes(StandardCharsets.UTF_8);
    }

    /** Whether a requested filter pattern stays inside the entitlements. */
    public boolean mayRequest(TypePattern filter) {
        return entitlements.stream().anyMatch(e -> e.covers(filter));
    }
}
