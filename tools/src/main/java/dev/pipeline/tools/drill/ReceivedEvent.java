package dev.pipeline.tools.drill;

/** One event as a partner received it over SSE, with the receive time (System.nanoTime). */
public record ReceivedEvent(String key, long seq, String id, long receivedNanos) {
}
