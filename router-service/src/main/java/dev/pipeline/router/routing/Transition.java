package dev.pipeline.router.routing;

import java.time.Instant;

/** One change of routing state, with the signal that caused it. */
public record Transition(Instant time, RoutingState from, RoutingState to, String reason) {
}
