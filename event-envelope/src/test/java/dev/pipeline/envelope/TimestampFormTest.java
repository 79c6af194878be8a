package dev.pipeline.envelope;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

class TimestampFormTest {

    private static boolean parses(String value) {
        try {
            OffsetDateTime.parse(value);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    @Test
    void theCommonFormsAreRecognisedWithoutTheFullParser() {
        for (String value : List.of("2026-12-07T13:45:00Z", "2026-12-07T13:45:00.1Z", "2026-12-07T13:45:00.123456789Z",
                "2024-02-29T23:59:59+05:30", "1999-01-01T00:00:00-18:00", "2026-12-07T13:45:00.5+18:00")) {
            assertTrue(TimestampForm.isCommonValid(value), value);
            assertTrue(parses(value), value);
        }
    }

    @Test
    void valuesOutOfRangeOrInOtherFormsAreLeftToTheFullParser() {
        for (String value : List.of("2025-02-29T00:00:00Z", "2026-13-01T00:00:00Z", "2026-04-31T00:00:00Z",
                "2026-12-07T24:00:00Z", "2026-12-07T13:60:00Z", "2026-12-07T13:45:60Z", "2026-12-07T13:45:00+18:01",
                "2026-12-07T13:45:00+05:60", "2026-12-07T13:45:00.Z", "2026-12-07T13:45:00.1234567890Z",
                "2026-12-07t13:45:00z", "2026-12-07T13:45Z", "2026-12-07T13:45:00", "2026-12-07 13:45:00Z",
                "0000-01-01T00:00:00Z", "+12026-12-07T13:45:00Z", "2026-12-07T13:45:00+0530", "2026-12-07T13:45:00+05",
                "2026-12-07T13:45:00+05:30:15", "2026-1２-07T13:45:00Z", "")) {
            assertFalse(TimestampForm.isCommonValid(value), value);
        }
    }

    /** Whatever the quick check accepts, the JDK's parser accepts: it only ever saves a parse, never changes a verdict. */
    @Test
    void everyValueItAcceptsTheFullParserAcceptsToo() {
        Random random = new Random(20261207);
        String alphabet = "0123456789-:T.Z+tz ";
        List<String> seeds = List.of("2026-12-07T13:45:00Z", "2024-02-29T23:59:59.999+05:30", "1900-02-28T00:00:00-18:00",
                "2000-02-29T12:00:00.000000001Z");
        List<String> accepted = new ArrayList<>();
        for (int i = 0; i < 200_000; i++) {
            char[] chars = seeds.get(random.nextInt(seeds.size())).toCharArray();
            for (int edits = 1 + random.nextInt(3); edits > 0; edits--) {
                chars[random.nextInt(chars.length)] = alphabet.charAt(random.nextInt(alphabet.length()));
            }
            String value = new String(chars);
            if (TimestampForm.isCommonValid(value)) {
                accepted.add(value);
                assertTrue(parses(value), value);
            }
        }
        assertTrue(accepted.size() > 10_000, "the mutations reach valid values too: " + accepted.size());
    }

    @Test
    void anEventsTimeIsStillCheckedAsBefore() {
        CloudEventJson.requireTimestamp("time", "2026-12-07T13:45:00Z");
        CloudEventJson.requireTimestamp("time", "2026-12-07t13:45:00z"); // lower case: the full parser accepts it
        EnvelopeException refused = org.junit.jupiter.api.Assertions.assertThrows(EnvelopeException.class,
                () -> CloudEventJson.requireTimestamp("time", "2025-02-29T00:00:00Z"));
        assertTrue(refused.getMessage().contains("RFC 3339"), refused.getMessage());
    }
}
