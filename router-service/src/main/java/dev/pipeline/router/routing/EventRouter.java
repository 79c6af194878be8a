package dev.pipeline.router.routing;

import java.util.List;

import org.jboss.logging.Logger;

import dev.pipeline.envelope.CloudEvent;
import dev.pipeline.router.config.RouterConfig;
import dev.pipeline.router.sink.EventSink;
import dev.pipeline.router.sink.SinkWriteException;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;

/** Routes each write to the sink the routing mode names; returns the sink that confirmed the events. */
@ApplicationScoped
public class EventRouter {

    private static final Logger LOG = Logger.getLogger(EventRouter.class);

    private final EventSink kinesis;
    private final EventSink kafka;
    private final RouterConfig config;

    public EventRouter(@Identifier(EventSink.KINESIS) EventSink kinesis, @Identifier(EventSink.KAFKA) EventSink kafka,
                       RouterConfig config) {
        this.kinesis = kinesis;
        this.kafka = kafka;
        this.config = config;
    }

    /** Writes the events durably; throws when no sink confirmed all of them. */
    public String write(List<CloudEvent> events) throws SinkWriteException {
        EventSink sink = config.mode() == RouteMode.KAFKA ? kafka : kinesis;
        sink.write(events);
        LOG.debugf("%d events stored in %s", events.size(), sink.name());
        return sink.name();
    }
}
