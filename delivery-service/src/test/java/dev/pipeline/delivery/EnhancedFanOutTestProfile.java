package dev.pipeline.delivery;

import java.util.HashMap;
import java.util.Map;

/** The catch-up profile with the live feed reading Kinesis through enhanced fan-out under a consumer of its own. */
public class EnhancedFanOutTestProfile extends CatchUpTestProfile {

    public static final String CONSUMER = "delivery-push-test";

    @Override
    public Map<String, String> getConfigOverrides() {
        Map<String, String> config = new HashMap<>(super.getConfigOverrides());
        config.put("delivery.kinesis.enhanced-fan-out.enabled", "true");
        config.put("delivery.kinesis.enhanced-fan-out.consumer-name", CONSUMER);
        // the emulator pushes what it found a second earlier, later still when the test's cores are busy: a tip delay
        // of a second (the default) would leave only the reorder allowance's 300 ms to cover its stalls
        config.put("delivery.kinesis.enhanced-fan-out.tip-delay", "2s");
        return config;
    }
}
