package dev.pipeline.router.control;

import java.time.Instant;

import dev.pipeline.router.api.OverrideAudit;
import dev.pipeline.router.routing.Transition;

/**
 * What one router replica tells the fleet about itself: its id (the one in its heartbeats), routing state, mode and
 * where it writes, its latest transition, the override change it applies (null: none since the fleet began), and
 * when it said so.
 */
public record RouterStatus(String router, String state, String mode, String target, Transition lastTransition,
                           OverrideAudit.Entry override, Instant time) {
}
