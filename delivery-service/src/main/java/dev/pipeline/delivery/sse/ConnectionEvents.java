package dev.pipeline.delivery.sse;

/** What connections report for metrics. */
public interface ConnectionEvents {

    /** {@code count} events were written to one of the partner's connections (counted per write, not per event). */
    void delivered(String partner, int count);

    void slowDisconnect(String partner);
}
