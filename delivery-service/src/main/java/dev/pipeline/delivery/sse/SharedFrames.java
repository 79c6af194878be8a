package dev.pipeline.delivery.sse;

import java.util.concurrent.atomic.AtomicReferenceArray;

import dev.pipeline.delivery.merge.Cursor;
import dev.pipeline.delivery.merge.MergedEvent;
import io.vertx.core.buffer.Buffer;

/**
 * The SSE message of a recent event in its common form — its own key as the cursor, the merged JSON as data —
 * encoded once and written to every connection that sends it in that form (with a thousand partners connected,
 * framing and encoding each message per connection cost more than writing it). Lock-free: a slot per recent
 * sequence number, holding the event it was built for (connections read several logs — the live cache and catch-up
 * reads — whose sequence numbers overlap); a frame built twice by two connections at once is equal either way.
 */
final class SharedFrames {

    private static final int SLOTS = 4096;

    private record Frame(MergedEvent event, Buffer bytes) {
    }

    private final AtomicReferenceArray<Frame> slots = new AtomicReferenceArray<>(SLOTS);

    Buffer frameOf(MergedEvent event) {
        int slot = (int) (event.sequence() % SLOTS);
        Frame cached = slots.get(slot);
        if (cached != null && cached.event() == event) {
            return cached.bytes();
        }
        Buffer bytes = Buffer.buffer(SseFormat.message(Cursor.encode(event.key()), event.attributes().type(), event.json()));
        slots.set(slot, new Frame(event, bytes));
        return bytes;
    }
}
