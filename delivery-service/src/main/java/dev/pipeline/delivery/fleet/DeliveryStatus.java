package dev.pipeline.delivery.fleet;

import java.time.Instant;
import java.util.Map;

/**
 * What one delivery replica tells the fleet: its id and host, partners connected, each source reader's lag (Kinesis
 * in milliseconds, Kafka in records, as {@code lagUnits} says) and when it said so.
 */
public record DeliveryStatus(String replica, String host, long partnersConnected, Map<String, Double> lag,
                             Map<String, String> lagUnits, Instant time) {
}
