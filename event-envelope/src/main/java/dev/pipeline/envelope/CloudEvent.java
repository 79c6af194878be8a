package dev.pipeline.envelope;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A CloudEvents 1.0 event. Optional attributes are null when absent; {@code time} keeps the producer's
 * RFC 3339 text exactly. Extension values are String, Integer or Boolean, as the CloudEvents type system allows.
 */
public record CloudEvent(
        String specversion,
        String id,
        String source,
        String type,
        String time,
        String subject,
        String datacontenttype,
        String dataschema,
        Map<String, Object> extensions,
        EventData data) {

    public static final String SPEC_VERSION = "1.0";
    /** Extension naming the partition key (CloudEvents partitioning extension). */
    public static final String PARTITION_KEY = "partitionkey";
    /** Extension holding when ingest accepted the event (RFC 3339, UTC, microseconds). */
    public static final String INGEST_TIME = "ingesttime";

    public CloudEvent {
        extensions = extensions == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(extensions));
    }

    /** The partition key: the {@code partitionkey} extension, else {@code subject}, else {@code id}. */
    public String partitionKey() {
        Object key = extensions.get(PARTITION_KEY);
        if (key != null && !key.toString().isEmpty()) {
            return key.toString();
        }
        return subject != null && !subject.isEmpty() ? subject : id;
    }

    /** The identity duplicates are removed by: {@code source} and {@code id} together. */
    public EventIdentity identity() {
        return new EventIdentity(source, id);
    }

    public Object extension(String name) {
        return extensions.get(name);
    }

    /** A copy with one extension attribute set (or removed when value is null). */
    public CloudEvent withExtension(String name, Object value) {
        TreeMap<String, Object> copy = new TreeMap<>(extensions);
        if (value == null) {
            copy.remove(name);
        } else {
            copy.put(name, value);
        }
        return new CloudEvent(specversion, id, source, type, time, subject, datacontenttype, dataschema, copy, data);
    }

    /** A copy with {@code time} set. */
    public CloudEvent withTime(String newTime) {
        return new CloudEvent(specversion, id, source, type, newTime, subject, datacontenttype, dataschema, extensions, data);
    }

    /** The CloudEvents identity of an event: producers' retries and dual writes share it. */
    public record EventIdentity(String source, String id) {
        public EventIdentity {
            Objects.requireNonNull(source, "source");
            Objects.requireNonNull(id, "id");
        }
    }
}
