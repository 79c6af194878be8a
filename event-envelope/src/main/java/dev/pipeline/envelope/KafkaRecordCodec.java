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
 * The CloudEvents Kafka protocol binding, binary content mode: attributes as {@code ce_*} headers,
 * {@code datacontenttype} as {@code content-type}, the data as the value, the partition key as the key.
 * In headers every extension value travels as its canonical string.
 */
public final class KafkaRecordCodec {

    public static final String HEADER_PREFIX = "ce_";
    public static final String CONTENT_TYPE_HEADER = "content-type";

    private KafkaRecordCodec() {
    }

    /** The record to produce for an event. */
    public static ProducerRecord<String, byte[]> toProducerRecord(String topic, CloudEvent event) {
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

    /** The event carried by a value and its headers. */
    public static CloudEvent fromParts(byte[] value, Headers headers) {
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
