package dev.pipeline.envelope;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.clients.producer.ProducerRecord;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;

/**
 * A router's notice, on the control topic, of the events it wrote to Kafka as copies of Kinesis writes
 * ({@link KinesisCopies}): the identities of a batch of them. The marked copies sit among the events, where a delivery
 * replica sees them only if it reads that far back; the notices sit on the small compacted control topic, which a
 * starting replica reads from its beginning, so it knows every copy of the last day whenever it started. Key
 * {@code copies:<router>:<sequence>} ({@link ControlTopic#COPIES_PREFIX}); routers remove notices older than the
 * time delivery remembers copies for.
 */
public record KinesisCopyNotice(List<CloudEvent.EventIdentity> identities) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The notice as a control-topic record, keyed by its router and its sequence within that router. */
    public ProducerRecord<String, byte[]> toRecord(String controlTopic, String router, long sequence) {
        ArrayNode body = JSON.createArrayNode();
        identities.forEach(identity -> body.addArray().add(identity.source()).add(identity.id()));
        return new ProducerRecord<>(controlTopic, 0, ControlTopic.COPIES_PREFIX + router + ":" + sequence,
                body.toString().getBytes(StandardCharsets.UTF_8));
    }

    public static KinesisCopyNotice fromValue(byte[] value) {
        try {
            JsonNode body = JSON.readTree(value);
            if (body == null || !body.isArray()) {
                throw new EnvelopeException("identities", "copy notice is not a JSON array");
            }
            List<CloudEvent.EventIdentity> identities = new ArrayList<>(body.size());
            for (JsonNode pair : body) {
                if (!pair.isArray() || pair.size() != 2 || !pair.get(0).isTextual() || !pair.get(1).isTextual()) {
                    throw new EnvelopeException("identities", "copy notice entry is not [source, id]");
                }
                identities.add(new CloudEvent.EventIdentity(pair.get(0).asText(), pair.get(1).asText()));
            }
            return new KinesisCopyNotice(identities);
        } catch (IOException e) {
            throw new EnvelopeException("identities", "copy notice is not JSON: " + e.getMessage());
        }
    }
}
