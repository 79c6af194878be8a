package dev.pipeline.delivery;

import java.util.HashMap;
import java.util.Map;

/**
 * The test partners with an in-memory tail of only 20 events (and 4 MiB), so that resuming partners are served by
 * catch-up reads of the streams; quick cursor refreshes, the streams' retention asked for on every catch-up.
 */
public class CatchUpTestProfile extends DeliveryTestProfile {

    public static final int HISTORY_EVENTS = 20;
    public static final long HISTORY_BYTES = 4L * 1024 * 1024;

    @Override
    public Map<String, String> getConfigOverrides() {
        Map<String, String> config = new HashMap<>(super.getConfigOverrides());
        config.put("delivery.history.max-events", Integer.toString(HISTORY_EVENTS));
        config.put("delivery.history.max-bytes", Long.toString(HISTORY_BYTES));
        config.put("delivery.history.duplicate-lookback", "2s");
        config.put("delivery.catch-up.join-granularity", "10s");
        config.put("delivery.catch-up.kinesis-calls-per-shard-per-second", "5");
        config.put("delivery.catch-up.retention-refresh", "0s");
        config.put("delivery.sse.cursor-refresh-interval", "200ms");
        config.put("delivery.sse.buffer-size", "5000");
        // two hundred partners' streams at once in one test, more than a partner's default limit
        config.put("delivery.partners.\"all\".max-streams", "300");
        return config;
    }
}
