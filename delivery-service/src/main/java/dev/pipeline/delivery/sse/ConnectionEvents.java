package dev.pipeline.delivery.sse;

/** What connections report for metrics. */
public interface ConnectionEvents {

    void delivered(String partner);

    void slowDisconnect(String partner);
}
