package dev.pipeline.delivery.partner;

/**
 * An event-type pattern: an exact type, or a prefix followed by a single trailing {@code *} ({@code *} alone
 * matches every type). Kept that simple so "is this filter inside that entitlement" is decidable.
 */
public record TypePattern(String text) {

    public TypePattern {
        if (text == null || text.isBlank() || text.indexOf('*') >= 0 && text.indexOf('*') != text.length() - 1) {
            throw new IllegalArgumentException("Event type pattern \"" + text
                    + "\" must be a type or a prefix ending in a single trailing *");
        }
    }

    public static TypePattern parse(String text) {
        return new TypePattern(text.trim());
    }

    private boolean wildcard() {
        return text.endsWith("*");
    }

    private String prefix() {
        return wildcard() ? text.substring(0, text.length() - 1) : text;
    }

    /** Runs per event per connection: compares in place, allocating nothing. */
    public boolean matches(String type) {
        if (!wildcard()) {
            return type.equals(text);
        }
        int length = text.length() - 1;
        return type.length() >= length && type.regionMatches(0, text, 0, length);
    }

    /** Whether every type {@code other} matches is matched by this pattern too. */
    public boolean covers(TypePattern other) {
        if (!wildcard()) {
            return !other.wildcard() && other.text.equals(text);
        }
        return other.prefix().startsWith(prefix());
    }
}
