package dev.pipeline.delivery.catchup;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.jboss.logging.Logger;

import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * The oldest point the streams can still be read from exactly: the later of the two streams' retention starts (now less
 * Kinesis' retention period, now less the Kafka topic's {@code retention.ms}), asked for at most once per refresh
 * interval. A stream that cannot be asked (it is down) bounds nothing: the catch-up reads what the other holds.
 */
public final class StreamRetention implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(StreamRetention.class);

    private final KinesisClient kinesis;
    private final String stream;
    private final Map<String, Object> kafkaSettings;
    private final String topic;
    private final Clock clock;
    private final Duration refresh;
    private final Duration requestTimeout;
    private Duration kinesisRetention;
    private Duration kafkaRetention;
    private Instant askedAt;
    private Admin admin;

    public StreamRetention(KinesisClient kinesis, String stream, Map<String, Object> kafkaSettings, String topic,
                           Clock clock, Duration refresh, Duration requestTimeout) {
        this.kinesis = kinesis;
        this.stream = stream;
        this.kafkaSettings = kafkaSettings;
        this.topic = topic;
        this.clock = clock;
        this.refresh = refresh;
        this.requestTimeout = requestTimeout;
    }

    /** The oldest storage time from which every event is still in the streams, if either stream said. */
    public synchronized Optional<Instant> oldestRetained() {
        Instant now = clock.instant();
        if (askedAt == null || now.isAfter(askedAt.plus(refresh))) {
            kinesisRetention = askKinesis();
            kafkaRetention = askKafka();
            askedAt = now;
        }
        Duration shortest = null;
        for (Duration retention : new Duration[] {kinesisRetention, kafkaRetention}) {
            if (retention != null && (shortest == null || retention.compareTo(shortest) < 0)) {
                shortest = retention;
            }
        }
        return Optional.ofNullable(shortest).map(now::minus);
    }

    private Duration askKinesis() {
        try {
            Integer hours = kinesis.describeStreamSummary(r -> r.streamName(stream)).streamDescriptionSummary()
                    .retentionPeriodHours();
            return hours == null ? null : Duration.ofHours(hours);
        } catch (RuntimeException e) {
            LOG.debugf("Kinesis retention unknown: %s", e.getMessage());
            return null;
        }
    }

    private Admin admin() {
        if (admin == null) {
            Map<String, Object> settings = new HashMap<>();
            kafkaSettings.forEach((key, value) -> {
                if (AdminClientConfig.configNames().contains(key)) {
                    settings.put(key, value);
                }
            });
            settings.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) requestTimeout.toMillis());
            settings.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) requestTimeout.toMillis());
            admin = Admin.create(settings);
        }
        return admin;
    }

    @Override
    public synchronized void close() {
        if (admin != null) {
            admin.close(Duration.ofSeconds(1));
        }
    }

    private Duration askKafka() {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        try {
            Config config = admin().describeConfigs(List.of(resource)).all()
                    .get(requestTimeout.toMillis(), TimeUnit.MILLISECONDS).get(resource);
            long millis = Long.parseLong(config.get(TopicConfig.RETENTION_MS_CONFIG).value());
            return millis < 0 ? null : Duration.ofMillis(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (Exception e) {
            LOG.debugf("Kafka retention unknown: %s", e.getMessage());
            return null;
        }
    }
}
