package dev.pipeline.envelope;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * The mark on a Kafka record that the router wrote as the copy of an event it also wrote, or tried to write, to
 * Kinesis: a write whose outcome Kinesis did not tell (it hung, timed out or failed), or one Kinesis stored shortly
 * before a failover. The copy is the one that counts; delivery treats the Kinesis original as its duplicate however
 * late it turns up. Readers that do not know the mark see an ordinary event (header {@value #HEADER}).
 */
public final class KinesisCopies {

    public static final String HEADER = "pipeline-copy-of";
    private static final byte[] KINESIS = "kinesis".getBytes(StandardCharsets.US_ASCII);

    private KinesisCopies() {
    }

    /** Marks a record about to be sent as the copy of a Kinesis write. */
    public static <K, V> ProducerRecord<K, V> mark(ProducerRecord<K, V> record) {
        record.headers().add(HEADER, KINESIS);
        return record;
    }

    /** Whether a record read from Kafka carries the mark. */
    public static boolean isMarked(Headers headers) {
        Header header = headers.lastHeader(HEADER);
        return header != null && Arrays.equals(header.value(), KINESIS);
    }
}
