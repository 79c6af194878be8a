package dev.pipeline.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.pipeline.infra.HttpImpairment;

/** The drill's options for its gray-failure scenarios, and their defaults. */
class DrillGrayOptionsTest {

    private static final Set<String> KNOWN = Set.of("brownout-delay", "brownout-tail", "brownout-tail-share", "error-share");

    @Test
    void defaultsAreA400MsBrownoutWithALongTailAndHalfTheCallsFailing() {
        Options none = Options.parse(new String[0], KNOWN);
        assertEquals(HttpImpairment.brownout(Duration.ofMillis(400), 0.1, Duration.ofMillis(1200)), DrillMain.brownout(none));
        assertEquals(HttpImpairment.errors(0.5), DrillMain.errors(none));
    }

    @Test
    void optionsSetEachPart() {
        Options options = Options.parse(new String[] {"--brownout-delay", "250ms", "--brownout-tail", "2s",
            "--brownout-tail-share", "0.2", "--error-share", "0.3"}, KNOWN);
        assertEquals(HttpImpairment.brownout(Duration.ofMillis(250), 0.2, Duration.ofSeconds(2)), DrillMain.brownout(options));
        assertEquals(HttpImpairment.errors(0.3), DrillMain.errors(options));
    }
}
