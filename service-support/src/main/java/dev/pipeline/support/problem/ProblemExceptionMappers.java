package dev.pipeline.support.problem;

import java.util.Map;
import java.util.UUID;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import dev.pipeline.envelope.EnvelopeException;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotAcceptableException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

/**
 * Turns every error a client can cause or meet into problem+json: never a stack trace, never an HTML page.
 * Unexpected failures are logged with an incident id the client also sees.
 */
public class ProblemExceptionMappers {

    private static final Logger LOG = Logger.getLogger(ProblemExceptionMappers.class);

    @ServerExceptionMapper
    public Response problem(ProblemException e) {
        return e.retryAfterSeconds() == null ? e.problem().toResponse() : e.problem().toResponse(e.retryAfterSeconds());
    }

    @ServerExceptionMapper
    public Response invalidEvent(EnvelopeException e) {
        Problem problem = Problem.of("invalid-event", "Invalid CloudEvent", Response.Status.BAD_REQUEST, e.getMessage());
        return (e.attribute() == null ? problem : problem.with(Map.of("attribute", e.attribute()))).toResponse();
    }

    @ServerExceptionMapper
    public Response unsupportedMediaType(NotSupportedException e) {
        return Problem.of("unsupported-media-type", "Unsupported media type", Response.Status.UNSUPPORTED_MEDIA_TYPE,
                "This endpoint does not accept that Content-Type; see the API description at /q/openapi").toResponse();
    }

    @ServerExceptionMapper
    public Response notAcceptable(NotAcceptableException e) {
        return Problem.of("not-acceptable", "Not acceptable", Response.Status.NOT_ACCEPTABLE,
                "This endpoint cannot produce any of the media types in Accept").toResponse();
    }

    @ServerExceptionMapper
    public Response notFound(NotFoundException e) {
        return Problem.of("not-found", "Not found", Response.Status.NOT_FOUND, "No such resource").toResponse();
    }

    @ServerExceptionMapper
    public Response notAllowed(NotAllowedException e) {
        return Problem.of("method-not-allowed", "Method not allowed", Response.Status.METHOD_NOT_ALLOWED,
                "This resource does not support that method").toResponse();
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        if (status >= 500) {
            return unexpected(e);
        }
        return Problem.of("http-" + status, Response.Status.fromStatusCode(status) == null ? "Error"
                : Response.Status.fromStatusCode(status).getReasonPhrase(), status, e.getMessage()).toResponse();
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e) {
        String incident = UUID.randomUUID().toString();
        LOG.errorf(e, "Unexpected error, incident %s", incident);
        return Problem.of("internal-error", "Internal error", Response.Status.INTERNAL_SERVER_ERROR,
                "The request failed unexpectedly; nothing was acknowledged. Incident " + incident)
                .with(Map.of("incident", incident)).toResponse();
    }
}
