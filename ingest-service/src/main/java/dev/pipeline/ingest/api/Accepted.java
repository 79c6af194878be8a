package dev.pipeline.ingest.api;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The answer to an accepted request: every one of its events is durably stored. */
@Schema(description = "Every event of the request is durably stored")
public record Accepted(@Schema(description = "Number of events stored", example = "3") int accepted) {
}
