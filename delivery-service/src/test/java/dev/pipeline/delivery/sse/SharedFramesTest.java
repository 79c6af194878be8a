package dev.pipeline.delivery.sse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.pipeline.delivery.TestEvents;
import dev.pipeline.delivery.merge.Cursor;
import dev.pipeline.delivery.merge.FeedAttributes;
import dev.pipeline.delivery.merge.MergedEvent;
import dev.pipeline.delivery.merge.SortKey;
import dev.pipeline.delivery.partner.Partner;
import dev.pipeline.delivery.partner.TypePattern;
import dev.pipeline.envelope.CloudEvent;
import dev.pipeline.envelope.CloudEventJson;
import io.vertx.core.buffer.Buffer;

class SharedFramesTest {

    private final SharedFrames frames = new SharedFrames();

    @Test
    void buildsAnEventsMessageOnceAndHandsTheSameBytesToEveryConnection() {
        MergedEvent event = merged(7, "e-7");
        assertEquals(expected(event, "{\"id\":\"e-7\"}"), frames.frameOf(event).toString());
        assertSame(frames.frameOf(event), frames.frameOf(event));
    }

    @Test
    void aLaterEventInTheSameSlotGetsItsOwnMessage() {
        MergedEvent early = merged(1, "early");
        MergedEvent later = merged(1 + 4096, "later");
        frames.frameOf(early);
        assertEquals(expected(later, "{\"id\":\"later\"}"), frames.frameOf(later).toString());
        assertEquals(expected(early, "{\"id\":\"early\"}"), frames.frameOf(early).toString());
    }

    @Test
    void eventsOfTwoLogsWithTheSameSequenceGetTheirOwnMessages() {
        MergedEvent live = merged(3, "from-the-live-cache");
        MergedEvent catchUp = merged(3, "from-a-catch-up-read");
        frames.frameOf(live);
        assertEquals(expected(catchUp, "{\"id\":\"from-a-catch-up-read\"}"), frames.frameOf(catchUp).toString());
    }

    @Test
    void anAudienceViewIsBuiltOncePerPartnerAndSharedByItsConnections() {
        CloudEvent event = TestEvents.event("addressed", "test.event", "s", "k", Instant.parse("2026-01-01T00:00:00Z"))
                .withExtension(Partner.AUDIENCE, "alpha,beta");
        String json = CloudEventJson.writeString(event);
        MergedEvent merged = new MergedEvent(9, new SortKey(9, "kafka/0", "9"), FeedAttributes.of(event),
                json.getBytes(StandardCharsets.UTF_8), false);
        Partner alpha = new Partner("alpha", List.of(TypePattern.parse("test.*")));
        Partner beta = new Partner("beta", List.of(TypePattern.parse("test.*")));

        Buffer forAlpha = frames.frameFor(merged, alpha);
        assertSame(forAlpha, frames.frameFor(merged, new Partner("alpha", List.of(TypePattern.parse("test.*")))),
                "another connection of alpha gets the same bytes");
        assertEquals(expected(merged, json.replace("\"alpha,beta\"", "\"alpha\"")), forAlpha.toString());
        assertEquals(expected(merged, json.replace("\"alpha,beta\"", "\"beta\"")), frames.frameFor(merged, beta).toString());
    }

    @Test
    void withoutAnAudienceEveryPartnerGetsTheCommonFrame() {
        MergedEvent event = merged(11, "e-11");
        assertSame(frames.frameOf(event), frames.frameFor(event, new Partner("alpha", List.of(TypePattern.parse("test.*")))));
    }

    private static MergedEvent merged(long sequence, String id) {
        CloudEvent event = TestEvents.event(id, "test.event", "s", "k", Instant.parse("2026-01-01T00:00:00Z"));
        return new MergedEvent(sequence, new SortKey(sequence, "kafka/0", Long.toString(sequence)), FeedAttributes.of(event),
                ("{\"id\":\"" + id + "\"}").getBytes(StandardCharsets.UTF_8), false);
    }

    /** The message a partner reads for the event: its cursor, its type, the JSON as one data line. */
    private static String expected(MergedEvent event, String json) {
        return "id: " + Cursor.encode(event.key()) + "\nevent: test.event\ndata: " + json + "\n\n";
    }
}
