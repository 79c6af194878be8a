package dev.pipeline.delivery.admin;

import java.util.List;

import dev.pipeline.delivery.Replica;
import dev.pipeline.delivery.source.RejectedRecord;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * {@code GET /v1/admin/rejected}: the latest records the live feed skipped because they are not events of this
 * pipeline, newest first, with where each lies on its stream, so an operator can find the tool that wrote them.
 */
@Path(RejectedRecordsResource.PATH)
public class RejectedRecordsResource {

    public static final String PATH = "/v1/admin/rejected";

    /** The listing: how many are kept at most, and the records. */
    public record Listing(int kept, List<RejectedRecord> records) {
    }

    private final AdminAuthenticator authenticator;
    private final Replica replica;

    public RejectedRecordsResource(AdminAuthenticator authenticator, Replica replica) {
        this.authenticator = authenticator;
        this.replica = replica;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response list(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        return authenticator.refusal(authorization).orElseGet(() -> Response.ok(
                new Listing(replica.rejected().capacity(), replica.rejected().recent())).build());
    }
}
