package dev.pipeline.delivery.sse;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReferenceArray;

import dev.pipeline.delivery.merge.Cursor;
import dev.pipeline.delivery.merge.MergedEvent;
import dev.pipeline.delivery.partner.Partner;
import io.vertx.core.buffer.Buffer;

/**
 * The SSE message of a recent event in its common form — its own key as the cursor, the merged JSON as data —
 * encoded once and written to every connection that sends it in that form (with a thousand partners connected,
 * framing and encoding each message per connection cost more than writing it). An event addressed to an audience is
 * seen by each partner with the audience narrowed to itself: that view is built once per partner and shared by the
 * partner's connections. Lock-free: a slot per recent sequence number, holding the event it was built for
 * (connections read several logs — the live cache and catch-up reads — whose sequence numbers overlap); a frame built
 * twice by two connections at once is equal either way.
 */
final class SharedFrames {

    private static final int SLOTS = 4096;

    /** An event's frames: the common one, and the partners' views when it has an audience (else null). */
    private record Frame(MergedEvent event, Buffer common, Map<String, Buffer> views) {
    }

    private final AtomicReferenceArray<Frame> slots = new AtomicReferenceArray<>(SLOTS);

    /** The event's common message: what a partner not narrowed by an audience receives. */
    Buffer frameOf(MergedEvent event) {
        return frame(event).common();
    }

    /** The message the partner receives for the event at the event's own key. */
    Buffer frameFor(MergedEvent event, Partner partner) {
        Frame frame = frame(event);
        if (frame.views() == null) {
            return frame.common();
        }
        return frame.views().computeIfAbsent(partner.name(), name -> SseFormat.message(
                Cursor.encode(event.key()), event.attributes().type(), partner.jsonFor(event.attributes(), event.json())));
    }

    private Frame frame(MergedEvent event) {
        int slot = (int) (event.sequence() % SLOTS);
        Frame cached = slots.get(slot);
        if (cached != null && cached.event() == event) {
            return cached;
        }
        Buffer common = SseFormat.message(Cursor.encode(event.key()), event.attributes().type(), event.json());
        Frame built = new Frame(event, common, event.attributes().audience() == null ? null : new ConcurrentHashMap<>());
        // two connections building at once: keep the first so both share its partner views
        Frame witness = slots.compareAndExchange(slot, cached, built);
        return witness == cached ? built : witness.event() == event ? witness : built;
    }
}
