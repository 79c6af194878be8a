package dev.pipeline.router.api;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.pipeline.router.control.Fleet;
import dev.pipeline.router.health.SinkHealth;
import dev.pipeline.router.routing.Transition;

/**
 * The routing API's picture: mode, state, where writes go (and why they stay on an impaired Kinesis, when Kafka is
 * not writable either), each sink's health figures and the last transitions; this router's id in its heartbeats and
 * the moment its Kinesis lease lets it write to Kinesis (null before it announced); the fleet's override change this
 * replica applies (null: none, {@code router.mode} holds) and the fleet as the control topic shows it.
 */
public record RoutingView(String mode, String state, String target, String failoverWithheld,
                          Map<String, SinkHealth.View> sinks,
                          List<Transition> transitions, String router, Instant kinesisWritesFrom,
                          OverrideAudit.Entry override, Fleet.View fleet) {
}
