package dev.pipeline.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Set;

import org.junit.jupiter.api.Test;

class OptionsTest {

    private static final Set<String> KNOWN = Set.of("rate", "duration");

    @Test
    void helpIsAskedForByEitherSpellingAnywhereOnTheLine() {
        assertTrue(Options.asksForHelp(new String[] {"--help"}));
        assertTrue(Options.asksForHelp(new String[] {"--rate", "5", "-h"}));
        assertFalse(Options.asksForHelp(new String[] {"--rate", "5"}));
    }

    @Test
    void readsKnownOptionsWithTheirTypesAndFallsBackToDefaults() {
        Options options = Options.parse(new String[] {"--rate", "2.5", "--duration", "1500ms"}, KNOWN);
        assertEquals(2.5, options.decimal("rate", 1));
        assertEquals(Duration.ofMillis(1500), options.duration("duration", Duration.ZERO));
        assertEquals(Duration.ofMinutes(2), Options.parse(new String[] {"--duration", "2m"}, KNOWN)
                .duration("duration", Duration.ZERO));
        assertEquals(Duration.ofSeconds(20), Options.parse(new String[0], KNOWN).duration("duration", Duration.ofSeconds(20)));
    }

    @Test
    void refusesUnknownOptionsAndOptionsWithoutAValue() {
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> Options.parse(new String[] {"--speed", "5"}, KNOWN));
        assertTrue(unknown.getMessage().contains("--speed"), unknown.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Options.parse(new String[] {"--rate"}, KNOWN));
    }
}
