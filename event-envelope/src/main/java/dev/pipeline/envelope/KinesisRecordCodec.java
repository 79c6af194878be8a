package dev.pipeline.envelope;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Events on Kinesis: a record's data is the structured CloudEvent JSON (as ingest encoded it), its partition key the event's
 * partition key (hashed when longer than Kinesis' 256-character limit, so the same key always lands together).
 */
public final class KinesisRecordCodec {

    /** Kinesis' limit on the length of a partition key, in Unicode characters. */
    public static final int MAX_PARTITION_KEY_LENGTH = 256;

    private KinesisRecordCodec() {
    }

    /** The Kinesis partition key and data of an event. */
    public record KinesisRecord(String partitionKey, byte[] data) {
    }

    public static KinesisRecord toRecord(CloudEvent event) {
        return new KinesisRecord(partitionKey(event), CloudEventJson.write(event));
    }

    /** The event a record's data holds, read for its attributes: the data is its encoding and stays as it is. */
    public static CloudEvent fromData(byte[] data) {
        return CloudEventJson.parseAttributes(data);
    }

    static String partitionKey(CloudEvent event) {
        String key = event.partitionKey();
        if (key.codePointCount(0, key.length()) <= MAX_PARTITION_KEY_LENGTH) {
            return key;
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return "sha256:" + HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }
}
