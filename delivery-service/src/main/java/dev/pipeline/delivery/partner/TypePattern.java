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

    public boolean matches(String type) {
        return wildcard() ? type.startsWith(prefix()) : type.equals(text);
    }

    /** Whether every type {@code other} matches is matched by this pattern too. */
    public boolean covers(TypePattern other) {
        if (!wildcard()) {
            return !other.wildcard() && other.text.equals(text);
        }
        return other.prefix().startsWith(prefix());
    }
}
