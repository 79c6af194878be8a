package dev.pipeline.delivery;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import dev.pipeline.envelope.CloudEvent;
import dev.pipeline.envelope.EventData;

/** Builds CloudEvents stamped the way ingest stamps them. */
public final class TestEvents {

    private static final DateTimeFormatter MICROS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'")
            .withZone(ZoneOffset.UTC);

    private TestEvents() {
    }

    /** An event of {@code type} with subject {@code subject}, partition key {@code key}, ingested at {@code at}. */
    public static CloudEvent event(String id, String type, String subject, String key, Instant at) {
        return new CloudEvent(CloudEvent.SPEC_VERSION, id, "/delivery-test", type, null, subject, null, null, null,
                new EventData.Json(JsonNodeFactory.instance.objectNode().put("id", id)))
                .withExtension(CloudEvent.PARTITION_KEY, key)
                .withExtension(CloudEvent.INGEST_TIME, MICROS.format(at));
    }
}
