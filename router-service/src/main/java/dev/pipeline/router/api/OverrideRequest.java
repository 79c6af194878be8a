package dev.pipeline.router.api;

/**
 * Body of PUT /v1/routing/override: the mode ("auto", "kinesis" or "kafka"), force to pin a sink that looks down,
 * and the operator's reason for the audit trail (asked for; a request without one is still taken, recorded as
 * {@link OverrideAudit#NO_REASON}, so clients written before it keep working).
 */
public record OverrideRequest(String mode, Boolean force, String reason) {
}
