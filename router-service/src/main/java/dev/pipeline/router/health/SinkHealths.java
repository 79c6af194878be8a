package dev.pipeline.router.health;

import java.time.Clock;

import dev.pipeline.router.config.RouterConfig;
import dev.pipeline.router.sink.EventSink;
import jakarta.enterprise.context.ApplicationScoped;

/** The health records of both sinks. */
@ApplicationScoped
public class SinkHealths {

    private final SinkHealth kinesis;
    private final SinkHealth kafka;

    public SinkHealths(RouterConfig config) {
        this.kinesis = new SinkHealth(EventSink.KINESIS, Clock.systemUTC(), config.health().window());
        this.kafka = new SinkHealth(EventSink.KAFKA, Clock.systemUTC(), config.health().window());
    }

    public SinkHealth kinesis() {
        return kinesis;
    }

    public SinkHealth kafka() {
        return kafka;
    }

    public SinkHealth of(String sink) {
        return EventSink.KINESIS.equals(sink) ? kinesis : kafka;
    }
}
