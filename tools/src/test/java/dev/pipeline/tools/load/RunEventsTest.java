package dev.pipeline.tools.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import dev.pipeline.envelope.CloudEventJson;
import dev.pipeline.tools.drill.ReceivedEvent;

/** A run's events are valid CloudEvents of about the target size, and only this run's events are recognised. */
class RunEventsTest {

    private final RunEvents events = new RunEvents("run1");

    @Test
    void eventsAreCloudEventsKeyedBySubject() {
        String json = events.json("k007", 42);

        assertEquals("k007", CloudEventJson.parse(json).partitionKey());
        assertEquals(RunEvents.TARGET_BYTES, json.length(), 10);
    }

    @Test
    void parsesOwnEventsOnly() {
        String delivered = events.json("k007", 42).replace("\"subject\"", "\"ingesttime\":\"2026-01-01T00:00:00Z\",\"subject\"");

        ReceivedEvent event = events.parse(delivered, 7).orElseThrow();
        assertEquals(new ReceivedEvent("k007", 42, "run1-k007-42", 7), event);
        assertTrue(new RunEvents("run2").parse(delivered, 7).isEmpty());
    }
}
