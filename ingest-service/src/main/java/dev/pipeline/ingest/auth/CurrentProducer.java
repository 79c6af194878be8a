package dev.pipeline.ingest.auth;

import jakarta.enterprise.context.RequestScoped;

/** The producer the current request authenticated as, set by the request gate before the body is read. */
@RequestScoped
public class CurrentProducer {

    private Producer producer;

    public Producer get() {
        if (producer == null) {
            throw new IllegalStateException("No producer authenticated for this request");
        }
        return producer;
    }

    public void set(Producer producer) {
        this.producer = producer;
    }
}
