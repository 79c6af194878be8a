package dev.pipeline.router.api;

import java.util.List;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** The audit trail of routing overrides: a JSON list of entries, newest first. */
@Path("/v1/routing/audit")
public class AuditResource {

    private final OverrideAudit audit;

    public AuditResource(OverrideAudit audit) {
        this.audit = audit;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public List<OverrideAudit.Entry> entries() {
        return audit.entries();
    }
}
