package dev.pipeline.ingest.api;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.pipeline.envelope.CloudEventJson;
import dev.pipeline.ingest.auth.CurrentProducer;
import dev.pipeline.ingest.service.IngestService;
import dev.pipeline.support.problem.Problem;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** The producers' API: {@code POST /v1/events} in the three CloudEvents HTTP modes, 202 only once stored. */
@Path(EventsResource.PATH)
@Tag(name = "events", description = "Send CloudEvents")
@SecurityScheme(securitySchemeName = "producerKey", type = SecuritySchemeType.HTTP, scheme = "bearer",
        description = "The producer's API key")
public class EventsResource {

    public static final String PATH = "/v1/events";

    private final IngestService ingest;
    private final CurrentProducer producer;

    public EventsResource(IngestService ingest, CurrentProducer producer) {
        this.ingest = ingest;
        this.producer = producer;
    }

    /** Whether a request path (as JAX-RS reports it) is the producers' API. */
    static boolean isProducerPath(String path) {
        String normalized = path.startsWith("/") ? path : "/" + path;
        return normalized.equals(PATH) || normalized.equals(PATH + "/");
    }

    @POST
    @Blocking
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    @SecurityRequirement(name = "producerKey")
    @Operation(summary = "Send CloudEvents", description = "Accepts one event (structured mode, "
            + CloudEventJson.MEDIA_TYPE + "), a batch (" + CloudEventJson.BATCH_MEDIA_TYPE + ", all or nothing), "
            + "or one event in binary mode (ce-* headers, the body is the data, any Content-Type). Answers 202 only "
            + "once every event is durably stored; resending the same source+id is always safe.")
    @RequestBody(required = true, content = {
            @Content(mediaType = CloudEventJson.MEDIA_TYPE, schema = @Schema(type = SchemaType.OBJECT,
                    description = "One CloudEvent in the JSON event format")),
            @Content(mediaType = CloudEventJson.BATCH_MEDIA_TYPE, schema = @Schema(type = SchemaType.ARRAY,
                    description = "A JSON array of CloudEvents")),
            @Content(mediaType = "*/*", schema = @Schema(type = SchemaType.STRING, format = "binary",
                    description = "Binary mode: the event's data; attributes "
                    + "in ce-specversion, ce-id, ce-source, ce-type and other ce-* headers"))})
    @Parameter(name = "ce-specversion", in = ParameterIn.HEADER,
            description = "Binary mode only: 1.0 (and ce-id, ce-source, ce-type, optional ce-time, ce-subject, "
                    + "ce-dataschema, ce-<extension>)")
    @APIResponse(responseCode = "202", description = "Every event is durably stored",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Accepted.class)))
    @APIResponse(responseCode = "400", description = "Malformed JSON or an invalid event (index and attribute named)",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "401", description = "Missing or invalid API key",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "403", description = "An event's source is outside the producer's allowance",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "413", description = "A limit per event or per request exceeded (named in detail)",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "415", description = "Not a CloudEvents JSON format and no ce-specversion header",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "429", description = "Too much in flight; nothing accepted, retry after Retry-After",
            headers = @Header(name = "Retry-After", description = "Seconds to wait"),
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "503", description = "Not stored; nothing accepted, resend after Retry-After",
            headers = @Header(name = "Retry-After", description = "Seconds to wait"),
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    public Response send(byte[] body, @Context HttpHeaders headers) {
        int accepted = ingest.ingest(producer.get(), headers.getHeaderString(HttpHeaders.CONTENT_TYPE),
                headers.getRequestHeaders(), body);
        return Response.accepted(new Accepted(accepted)).type(MediaType.APPLICATION_JSON).build();
    }
}
