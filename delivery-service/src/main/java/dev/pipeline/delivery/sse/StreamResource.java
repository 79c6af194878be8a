package dev.pipeline.delivery.sse;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.function.Consumer;

import dev.pipeline.delivery.config.DeliveryConfig;
import dev.pipeline.delivery.merge.EventMerger;
import dev.pipeline.delivery.merge.MergedEvent;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;

/** The partners' feed: {@code GET /v1/stream} as Server-Sent Events, one message per merged event. */
@Path("/v1/stream")
public class StreamResource {

    private final EventMerger merger;
    private final DeliveryConfig config;

    public StreamResource(EventMerger merger, DeliveryConfig config) {
        this.merger = merger;
        this.config = config;
    }

    @GET
    @Produces(MediaType.SERVER_SENT_EVENTS)
    public void stream(@Context SseEventSink sink, @Context Sse sse, @HeaderParam("Last-Event-ID") String lastEventId) {
        long after = lastEventId == null ? 0 : decode(lastEventId);
        Consumer<MergedEvent>[] holder = new Consumer[1];
        holder[0] = event -> send(sink, sse, event, holder[0]);
        sink.send(sse.newEventBuilder().comment("connected").reconnectDelay(config.sse().retry().toMillis()).build());
        List<MergedEvent> replay = merger.subscribe(after, holder[0]);
        replay.forEach(event -> send(sink, sse, event, holder[0]));
    }

    private void send(SseEventSink sink, Sse sse, MergedEvent event, Consumer<MergedEvent> listener) {
        if (sink.isClosed()) {
            merger.unsubscribe(listener);
            return;
        }
        sink.send(sse.newEventBuilder()
                .id(encode(event.sequence()))
                .name(event.event().type())
                .data(event.json())
                .build());
    }

    static String encode(long sequence) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(("s" + sequence).getBytes(StandardCharsets.UTF_8));
    }

    static long decode(String cursor) {
        return Long.parseLong(new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).substring(1));
    }
}
