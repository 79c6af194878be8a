package dev.pipeline.tools.drill;

/** An event the producer had acknowledged (202): its key, its sequence within the key, and when it was first sent and acknowledged (System.nanoTime). */
public record AckedEvent(String key, long seq, String id, long sentNanos, long ackedNanos) {
}
