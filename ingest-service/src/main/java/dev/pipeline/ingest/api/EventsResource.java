package dev.pipeline.ingest.api;

import java.time.Instant;
import java.util.List;

import dev.pipeline.envelope.CloudEvent;
import dev.pipeline.envelope.CloudEventJson;
import dev.pipeline.ingest.router.RouterClient;
import dev.pipeline.ingest.router.RouterUnavailableException;
import dev.pipeline.ingest.service.EventEnricher;
import dev.pipeline.support.problem.Problem;
import dev.pipeline.support.problem.ProblemException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** The producers' API: {@code POST /v1/events}, answered 202 only once the router stored the events. */
@Path("/v1/events")
public class EventsResource {

    private final RouterClient router;
    private final EventEnricher enricher;

    public EventsResource(RouterClient router, EventEnricher enricher) {
        this.router = router;
        this.enricher = enricher;
    }

    /** The answer to an accepted request. */
    public record Accepted(int accepted) {
    }

    @POST
    @Consumes(CloudEventJson.MEDIA_TYPE)
    @Produces(MediaType.APPLICATION_JSON)
    public Response structured(byte[] body) {
        CloudEvent event = enricher.enrich(CloudEventJson.parse(body), Instant.now());
        try {
            router.write(List.of(event));
        } catch (RouterUnavailableException e) {
            throw new ProblemException(Problem.of("not-stored", "Event not stored", Response.Status.SERVICE_UNAVAILABLE,
                    "The event could not be stored right now and was not accepted; send it again"), 1L);
        }
        return Response.accepted(new Accepted(1)).build();
    }
}
