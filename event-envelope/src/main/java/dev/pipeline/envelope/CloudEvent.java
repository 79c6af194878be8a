package dev.pipeline.envelope;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A CloudEvents 1.0 event. Optional attributes are null when absent; {@code time} keeps the producer's
 * RFC 3339 text exactly. Extension values are String, Integer or Boolean, as the CloudEvents type system allows.
 * <p>
 * {@code json} is the event's structured encoding when it was read from one and not changed since (else null):
 * writers hand it on as it is, so an event ingest encoded reaches the partner in those bytes (encode once). An event
 * read for its attributes only ({@link CloudEventJson#parseAttributes}) leaves its data in {@code json} until
 * {@link #data()} is asked for. Equality ignores the encoding: equal attributes and data are the same event.
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
        EventData data,
        byte[] json) {

    public static final String SPEC_VERSION = "1.0";
    /** Extension naming the partition key (CloudEvents partitioning extension). */
    public static final String PARTITION_KEY = "partitionkey";
    /** Extension holding when ingest accepted the event (RFC 3339, UTC, microseconds). */
    public static final String INGEST_TIME = "ingesttime";

    public CloudEvent {
        extensions = extensions == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(extensions));
    }

    /** An event not (or no longer) carrying an encoding of its own. */
    public CloudEvent(String specversion, String id, String source, String type, String time, String subject,
                      String datacontenttype, String dataschema, Map<String, Object> extensions, EventData data) {
        this(specversion, id, source, type, time, subject, datacontenttype, dataschema, extensions, data, null);
    }

    /** The data; decoded from {@link #json()} on each call when the event was read for its attributes only. */
    @Override
    public EventData data() {
        return data == null && json != null ? CloudEventJson.dataOf(json) : data;
    }

    /** The same event carrying {@code encoded} as its structured encoding (which must encode exactly this event). */
    CloudEvent encodedAs(byte[] encoded) {
        return new CloudEvent(specversion, id, source, type, time, subject, datacontenttype, dataschema, extensions,
                data, encoded);
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
        // a changed event drops its encoding: it no longer encodes this event
        return new CloudEvent(specversion, id, source, type, time, subject, datacontenttype, dataschema, copy, data());
    }

    /** A copy with {@code time} set. */
    public CloudEvent withTime(String newTime) {
        return new CloudEvent(specversion, id, source, type, newTime, subject, datacontenttype, dataschema, extensions,
                data());
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof CloudEvent that && Objects.equals(specversion, that.specversion)
                && Objects.equals(id, that.id) && Objects.equals(source, that.source) && Objects.equals(type, that.type)
                && Objects.equals(time, that.time) && Objects.equals(subject, that.subject)
                && Objects.equals(datacontenttype, that.datacontenttype) && Objects.equals(dataschema, that.dataschema)
                && extensions.equals(that.extensions) && Objects.equals(data(), that.data());
    }

    @Override
    public int hashCode() {
        return Objects.hash(specversion, id, source, type, time, subject, datacontenttype, dataschema, extensions);
    }

    @Override
    public String toString() {
        return "CloudEvent[id=" + id + ", source=" + source + ", type=" + type + ", time=" + time + ", subject="
                + subject + ", datacontenttype=" + datacontenttype + ", dataschema=" + dataschema + ", extensions="
                + extensions + ", data=" + data() + (json == null ? "" : ", encoded " + json.length + " bytes") + "]";
    }

    /** The CloudEvents identity of an event: producers' retries and dual writes share it. */
    public record EventIdentity(String source, String id) {
        public EventIdentity {
            Objects.requireNonNull(source, "source");
            Objects.requireNonNull(id, "id");
        }
    }
}
