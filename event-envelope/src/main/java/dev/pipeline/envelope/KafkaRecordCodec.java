package dev.pipeline.envelope;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeader;

/**
 * The CloudEvents Kafka protocol binding. Events are written in structured content mode: the value is the event's
 * structured JSON as ingest encoded it, {@code content-type} says so, the key is the partition key; so the bytes a
 * partner receives are the bytes stored, with no re-encoding on the way (ADR 0060). Records in binary content mode
 * (attributes as {@code ce_*} headers, {@code datacontenttype} as {@code content-type}, the data as the value; every
 * extension value as its canonical string), as written before, are still read.
 */
public final class KafkaRecordCodec {

    public static final String HEADER_PREFIX = "ce_";
    public static final String CONTENT_TYPE_HEADER = "content-type";
    /** The {@code content-type} of a structured-mode record. */
    public static final String STRUCTURED_CONTENT_TYPE = CloudEventJson.MEDIA_TYPE + "; charset=UTF-8";

    private static final byte[] STRUCTURED_CONTENT_TYPE_BYTES = utf8(STRUCTURED_CONTENT_TYPE);
    /** What every structured format's media type starts with, in lower case. */
    private static final byte[] STRUCTURED_PREFIX = utf8("application/cloudevents");

    private KafkaRecordCodec() {
    }

    /** The record to produce for an event: structured mode, the event's own encoding as the value. */
    public static ProducerRecord<String, byte[]> toProducerRecord(String topic, CloudEvent event) {
        List<Header> headers = List.of(new RecordHeader(CONTENT_TYPE_HEADER, STRUCTURED_CONTENT_TYPE_BYTES));
        return new ProducerRecord<>(topic, null, event.partitionKey(), CloudEventJson.write(event), headers);
    }

    /** The record in binary content mode, as routers wrote them before structured mode: read still, written no more. */
    public static ProducerRecord<String, byte[]> toBinaryProducerRecord(String topic, CloudEvent event) {
        List<Header> headers = new ArrayList<>();
        add(headers, "specversion", event.specversion());
        add(headers, "id", event.id());
        add(headers, "source", event.source());
        add(headers, "type", event.type());
        add(headers, "time", event.time());
        add(headers, "subject", event.subject());
        add(headers, "dataschema", event.dataschema());
        event.extensions().forEach((name, value) -> add(headers, name, value.toString()));
        if (event.datacontenttype() != null) {
            headers.add(new RecordHeader(CONTENT_TYPE_HEADER, utf8(event.datacontenttype())));
        }
        return new ProducerRecord<>(topic, null, event.partitionKey(), DataCodec.toBytes(event), headers);
    }

    /** The event a consumed record carries. */
    public static CloudEvent fromRecord(ConsumerRecord<?, byte[]> record) {
        return fromParts(record.value(), record.headers());
    }

    /**
     * The event carried by a value and its headers: in structured mode read for its attributes (its data stays in the
     * value, which is its encoding), in binary mode rebuilt from the headers.
     */
    public static CloudEvent fromParts(byte[] value, Headers headers) {
        Header contentType = headers.lastHeader(CONTENT_TYPE_HEADER);
        if (contentType != null && isStructured(contentType.value())) {
            if (value == null) {
                throw new EnvelopeException(null, "Structured-mode Kafka record has no value");
            }
            return CloudEventJson.parseAttributes(value);
        }
        return fromBinaryParts(value, headers);
    }

    /**
     * Whether a content type names the structured format ({@code application/cloudevents}, any suffix, any case,
     * leading blanks allowed): compared in place, since it is asked of every record read.
     */
    private static boolean isStructured(byte[] contentType) {
        if (contentType == null) {
            return false;
        }
        int start = 0;
        while (start < contentType.length && (contentType[start] & 0xff) <= ' ') {
            start++;
        }
        if (contentType.length - start < STRUCTURED_PREFIX.length) {
            return false;
        }
        for (int i = 0; i < STRUCTURED_PREFIX.length; i++) {
            byte b = contentType[start + i];
            if ((b >= 'A' && b <= 'Z' ? b + ('a' - 'A') : b) != STRUCTURED_PREFIX[i]) {
                return false;
            }
        }
        return true;
    }

    private static CloudEvent fromBinaryParts(byte[] value, Headers headers) {
        Map<String, String> attributes = new TreeMap<>();
        String contentType = null;
        for (Header header : headers) {
            if (header.key().equals(CONTENT_TYPE_HEADER)) {
                contentType = string(header);
            } else if (header.key().startsWith(HEADER_PREFIX)) {
                attributes.put(header.key().substring(HEADER_PREFIX.length()), string(header));
            }
        }
        String specversion = attributes.remove("specversion");
        if (!CloudEvent.SPEC_VERSION.equals(specversion)) {
            throw new EnvelopeException("specversion", "Kafka record is not a CloudEvents 1.0 record (ce_specversion="
                    + specversion + ")");
        }
        String id = required(attributes, "id");
        String source = required(attributes, "source");
        String type = required(attributes, "type");
        String time = attributes.remove("time");
        String subject = attributes.remove("subject");
        String dataschema = attributes.remove("dataschema");
        Map<String, Object> extensions = new TreeMap<>(attributes);
        return new CloudEvent(specversion, id, source, type, time, subject, contentType, dataschema, extensions,
                DataCodec.fromBytes(value, contentType));
    }

    private static String required(Map<String, String> attributes, String name) {
        String value = attributes.remove(name);
        if (value == null || value.isEmpty()) {
            throw new EnvelopeException(name, "Kafka record lacks header " + HEADER_PREFIX + name);
        }
        return value;
    }

    private static void add(List<Header> headers, String attribute, String value) {
        if (value != null) {
            headers.add(new RecordHeader(HEADER_PREFIX + attribute, utf8(value)));
        }
    }

    private static byte[] utf8(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }

    private static String string(Header header) {
        return header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
