package dev.pipeline.tools.load;

import java.util.Optional;

import dev.pipeline.envelope.CloudEvent;
import dev.pipeline.envelope.CloudEventJson;
import dev.pipeline.tools.drill.ReceivedEvent;

/**
 * The events of one load run: id {@code <run>-<key>-<seq>}, source {@code /load/<run>}, subject the key (so the
 * key is the partition key), and a padded JSON payload so a structured event is about {@link #TARGET_BYTES} bytes.
 */
public final class RunEvents {

    /** Approximate size of one structured event on the wire. */
    public static final int TARGET_BYTES = 300;
    public static final String TYPE = "dev.pipeline.load.tick";

    private final String runId;
    private final String source;
    private final String padding;

    public RunEvents(String runId) {
        this.runId = runId;
        this.source = "/load/" + runId;
        int overhead = json("k00", 0).length();
        this.padding = "x".repeat(Math.max(0, TARGET_BYTES - overhead));
    }

    public String runId() {
        return runId;
    }

    public String source() {
        return source;
    }

    /** The structured JSON of event {@code seq} of {@code key}. */
    public String json(String key, long seq) {
        return "{\"specversion\":\"1.0\",\"id\":\"" + id(key, seq) + "\",\"source\":\"" + source + "\",\"type\":\"" + TYPE
                + "\",\"subject\":\"" + key + "\",\"datacontenttype\":\"application/json\",\"data\":{\"key\":\"" + key
                + "\",\"seq\":" + seq + ",\"pad\":\"" + (padding == null ? "" : padding) + "\"}}";
    }

    public String id(String key, long seq) {
        return runId + "-" + key + "-" + seq;
    }

    /** The run event an SSE {@code data:} line carries, or empty when it is some other event. */
    public Optional<ReceivedEvent> parse(String data, long receivedNanos) {
        if (!data.contains(source)) {
            return Optional.empty();
        }
        CloudEvent event = CloudEventJson.parse(data);
        if (!source.equals(event.source()) || !event.id().startsWith(runId + "-")) {
            return Optional.empty();
        }
        long seq = Long.parseLong(event.id().substring(event.id().lastIndexOf('-') + 1));
        return Optional.of(new ReceivedEvent(event.subject(), seq, event.id(), receivedNanos));
    }
}
