package dev.pipeline.router.api;

import java.util.List;

import dev.pipeline.envelope.CloudEvent;
import dev.pipeline.envelope.CloudEventJson;
import dev.pipeline.router.routing.EventRouter;
import dev.pipeline.router.sink.SinkWriteException;
import dev.pipeline.support.problem.Problem;
import dev.pipeline.support.problem.ProblemException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * The router's write API for ingest: a batch of structured CloudEvents, answered 200 only once every event is
 * durably stored, else 503 with Retry-After (some may be stored; resending is safe, delivery removes duplicates), or
 * 422 when a sink refused an event as invalid. Events are read for their attributes only (what routing needs) and
 * keep the bytes ingest encoded, which the sinks store as they are.
 */
@Path("/v1/events")
public class EventWriteResource {

    /** Problem type of events a sink refused as invalid (too large, malformed): answered 422, not retryable. */
    public static final String EVENT_REFUSED = "event-refused";
    private static final int UNPROCESSABLE_CONTENT = 422;

    /** Seconds a caller should wait before resending after a 503. */
    static final long RETRY_AFTER_SECONDS = 1;

    private final EventRouter router;

    public EventWriteResource(EventRouter router) {
        this.router = router;
    }

    @POST
    @Consumes({CloudEventJson.BATCH_MEDIA_TYPE, CloudEventJson.MEDIA_TYPE})
    @Produces(MediaType.APPLICATION_JSON)
    public WriteReceipt write(byte[] body, @jakarta.ws.rs.HeaderParam("Content-Type") String contentType) {
        List<CloudEvent> events = contentType != null && contentType.startsWith(CloudEventJson.BATCH_MEDIA_TYPE)
                ? CloudEventJson.parseBatchAttributes(body) : List.of(CloudEventJson.parseAttributes(body));
        try {
            return new WriteReceipt(router.write(events), events.size());
        } catch (SinkWriteException e) {
            if (e.failureCause() == SinkWriteException.Cause.INVALID) {
                throw new ProblemException(Problem.of(EVENT_REFUSED, "Event refused", UNPROCESSABLE_CONTENT,
                        e.getMessage() + ". Change the event: resending it as it is will be refused again"));
            }
            throw new ProblemException(Problem.of("not-stored", "Events not stored", Response.Status.SERVICE_UNAVAILABLE,
                    "No sink could confirm " + e.unconfirmed().size() + " of " + events.size()
                            + " events; resend the request (it is safe to resend)"), RETRY_AFTER_SECONDS);
        }
    }
}
