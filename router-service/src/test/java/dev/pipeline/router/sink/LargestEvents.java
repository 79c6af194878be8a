package dev.pipeline.router.sink;

import dev.pipeline.envelope.CloudEvent;
import dev.pipeline.envelope.CloudEventJson;
import dev.pipeline.envelope.EventStreams;
import dev.pipeline.envelope.KinesisRecordCodec;

/** The largest event ingest admits: structured JSON of exactly the size limit, with the longest partition key. */
public final class LargestEvents {

    private LargestEvents() {
    }

    public static CloudEvent largest(String id) {
        String key = "k".repeat(KinesisRecordCodec.MAX_PARTITION_KEY_LENGTH);
        String head = "{\"specversion\":\"1.0\",\"id\":\"" + id + "\",\"source\":\"/size-limit\",\"type\":\"size.limit\","
                + "\"partitionkey\":\"" + key + "\",\"datacontenttype\":\"application/json\",\"data\":{\"pad\":\"";
        String tail = "\"}}";
        String json = head + "p".repeat(EventStreams.MAX_EVENT_BYTES - head.length() - tail.length()) + tail;
        CloudEvent event = CloudEventJson.parse(json);
        int size = CloudEventJson.write(event).length;
        if (size != EventStreams.MAX_EVENT_BYTES) {
            throw new IllegalStateException("built an event of " + size + " bytes");
        }
        return event;
    }
}
