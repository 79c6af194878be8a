package dev.pipeline.router.control;

import java.time.Instant;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.pipeline.envelope.ControlTopic;
import dev.pipeline.router.lease.KinesisCopyNotices;
import dev.pipeline.router.api.OverrideAudit;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Reads every record of the control topic, from its start, and hands each to its owner: the fleet's override, the
 * audit trail, the fleet view. A record this router cannot read is logged and skipped, never the channel stopped.
 */
@ApplicationScoped
public class ControlListener {

    private static final Logger LOG = Logger.getLogger(ControlListener.class);

    private final ObjectMapper json;
    private final FleetOverride override;
    private final OverrideAudit audit;
    private final Fleet fleet;
    private final ControlCatchUp catchUp;
    private final KinesisCopyNotices notices;

    public ControlListener(ObjectMapper json, FleetOverride override, OverrideAudit audit, Fleet fleet,
                           ControlCatchUp catchUp, KinesisCopyNotices notices) {
        this.notices = notices;
        this.json = json;
        this.override = override;
        this.audit = audit;
        this.fleet = fleet;
        this.catchUp = catchUp;
    }

    @Incoming(ControlChannels.IN)
    public void receive(ConsumerRecord<String, String> record) {
        try {
            handle(record.key(), record.value(), Instant.ofEpochMilli(record.timestamp()));
        } catch (JsonProcessingException | RuntimeException e) {
            LOG.warnf("Control record at offset %d (key %s) skipped: %s", record.offset(), record.key(),
                    e.getMessage());
        } finally {
            catchUp.read(record.offset());
        }
    }

    private void handle(String key, String value, Instant storedAt) throws JsonProcessingException {
        if (key == null) {
            LOG.debugf("Control record without a key skipped");
        } else if (key.equals(ControlTopic.OVERRIDE_KEY) && value != null) {
            override.fromFleet(json.readValue(value, OverrideAudit.Entry.class));
        } else if (key.startsWith(ControlTopic.AUDIT_PREFIX) && value != null) {
            audit.add(json.readValue(value, OverrideAudit.Entry.class));
        } else if (key.startsWith(ControlTopic.COPIES_PREFIX) && value != null && notices.isExpired(storedAt)) {
            notices.expired(key);
        } else if (key.startsWith(ControlTopic.ROUTER_PREFIX) || key.startsWith(ControlTopic.DELIVERY_PREFIX)) {
            JsonNode status = value == null ? null : json.readTree(value);
            fleet.heard(key, status instanceof ObjectNode object ? object : null, storedAt);
        }
    }
}
