package dev.pipeline.delivery;

import java.util.Map;

/** The delivery test settings, with the partner entitled to everything allowed the streams a fan-out test opens. */
public class FanOutTestProfile extends DeliveryTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        Map<String, String> config = super.getConfigOverrides();
        config.put("delivery.partners.\"all\".max-streams", "600");
        return config;
    }
}
