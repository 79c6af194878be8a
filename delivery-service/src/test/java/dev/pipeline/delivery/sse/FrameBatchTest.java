package dev.pipeline.delivery.sse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import io.vertx.core.buffer.Buffer;

class FrameBatchTest {

    /** Whatever the frames' sizes, the writes carry every frame whole, in order, and end only between frames. */
    @Test
    void batchingNeverReordersOrSplitsAFrame() {
        Random random = new Random(19);
        FrameBatch batch = new FrameBatch(1024);
        List<String> frames = new ArrayList<>();
        List<String> writes = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            // mostly small frames, now and then one larger than a whole batch
            int size = random.nextInt(20) == 0 ? 1024 + random.nextInt(4096) : 1 + random.nextInt(300);
            String frame = "id: " + i + "\ndata: " + "x".repeat(size) + "\n\n";
            frames.add(frame);
            batch.add(Buffer.buffer(frame));
            if (batch.full()) {
                writes.add(batch.take().toString());
            }
        }
        if (!batch.isEmpty()) {
            writes.add(batch.take().toString());
        }
        assertEquals(String.join("", frames), String.join("", writes), "every frame, in order");
        int frame = 0;
        for (String write : writes) {
            int at = 0;
            while (at < write.length()) {
                assertTrue(write.startsWith(frames.get(frame), at), "write ends between frames, never inside one");
                at += frames.get(frame++).length();
            }
        }
        assertEquals(frames.size(), frame);
        assertTrue(writes.size() < frames.size() / 4, "frames share writes: " + writes.size());
    }

    @Test
    void aBatchIsFullOnceItHoldsItsMaximumAndEmptyAfterItIsTaken() {
        FrameBatch batch = new FrameBatch(10);
        assertTrue(batch.isEmpty());
        assertNull(batch.take());
        batch.add("12345");
        assertEquals(1, batch.frames());
        assertTrue(!batch.full());
        batch.add("67890");
        assertTrue(batch.full());
        assertEquals("1234567890", batch.take().toString());
        assertTrue(batch.isEmpty());
        assertEquals(0, batch.frames());
    }
}
