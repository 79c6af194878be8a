package dev.pipeline.router.api;

/** Body of PUT /v1/routing/override: the mode ("auto", "kinesis" or "kafka"), and force to pin a sink that looks down. */
public record OverrideRequest(String mode, Boolean force) {
}
