package dev.pipeline.router.api;

/** The router's answer to a write: every event of the request is durably stored in {@code sink}. */
public record WriteReceipt(String sink, int events) {
}
