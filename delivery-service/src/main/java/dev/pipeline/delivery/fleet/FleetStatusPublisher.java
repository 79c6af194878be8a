package dev.pipeline.delivery.fleet;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.pipeline.delivery.config.DeliveryConfig;
import dev.pipeline.envelope.ControlTopic;
import dev.pipeline.support.concurrent.DaemonThreads;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Publishes this delivery replica's status to the control topic every {@code delivery.fleet.status-interval}, read
 * from the gauges delivery already keeps; the routers show it in their fleet view. A status Kafka does not take is
 * only logged: the next one replaces it.
 */
@ApplicationScoped
public class FleetStatusPublisher {

    private static final Logger LOG = Logger.getLogger(FleetStatusPublisher.class);

    private final Emitter<String> emitter;
    private final MeterRegistry registry;
    private final ObjectMapper json;
    private final DeliveryConfig config;
    private final String replica;
    private final ScheduledExecutorService timer =
            Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("delivery-fleet-status"));

    public FleetStatusPublisher(@Channel("control-out") Emitter<String> emitter, MeterRegistry registry,
                                ObjectMapper json, DeliveryConfig config) {
        this.emitter = emitter;
        this.registry = registry;
        this.json = json;
        this.config = config;
        this.replica = config.fleet().replicaId().orElse(UUID.randomUUID().toString());
    }

    void start(@Observes StartupEvent started) {
        long interval = config.fleet().statusInterval().toMillis();
        timer.scheduleWithFixedDelay(this::publish, 0, interval, TimeUnit.MILLISECONDS);
    }

    /** This replica's status now, read from the gauges delivery keeps. */
    static DeliveryStatus status(MeterRegistry registry, String replica, String host, Instant now) {
        Map<String, Double> lag = new LinkedHashMap<>();
        Map<String, String> units = new LinkedHashMap<>();
        for (Gauge gauge : registry.find("delivery.source.lag").gauges()) {
            String source = gauge.getId().getTag("source");
            lag.put(source, gauge.value());
            units.put(source, gauge.getId().getTag("unit"));
        }
        Gauge connected = registry.find("delivery.partners.connected").gauge();
        return new DeliveryStatus(replica, host, connected == null ? 0 : Math.round(connected.value()), lag, units,
                now);
    }

    private void publish() {
        try {
            Message<String> message = Message.of(json.writeValueAsString(
                            status(registry, replica, host(), Instant.now())))
                    .addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                            .withKey(ControlTopic.DELIVERY_PREFIX + replica).build())
                    .withNack(error -> {
                        LOG.debugf("Fleet status not published: %s", error.getMessage());
                        return CompletableFuture.completedFuture(null);
                    });
            emitter.send(message);
        } catch (JsonProcessingException | RuntimeException e) {
            LOG.debugf("Fleet status not published: %s", e.getMessage());
        }
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown";
        }
    }

    @PreDestroy
    void close() {
        timer.shutdownNow();
    }
}
