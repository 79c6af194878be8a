package dev.pipeline.delivery;

import java.util.HashMap;
import java.util.Map;

import dev.pipeline.delivery.partner.Partners;
import io.quarkus.test.junit.QuarkusTestProfile;

/** Three partners with distinct rights, short timings and a small per-connection buffer. */
public class DeliveryTestProfile implements QuarkusTestProfile {

    public static final String ALL_KEY = "all-key";
    public static final String ALPHA_KEY = "alpha-key";
    public static final String BETA_OLD_KEY = "beta-old-key";
    public static final String BETA_NEW_KEY = "beta-new-key";
    public static final String DASHBOARD = "https://dashboard.example";
    public static final int BUFFER_SIZE = 200;

    @Override
    public Map<String, String> getConfigOverrides() {
        Map<String, String> config = new HashMap<>();
        config.put("delivery.partners.\"all\".api-key-hashes", Partners.hashOf(ALL_KEY));
        config.put("delivery.partners.\"all\".event-types", "*");
        config.put("delivery.partners.\"alpha\".api-key-hashes", Partners.hashOf(ALPHA_KEY));
        config.put("delivery.partners.\"alpha\".event-types", "shared.*,alpha.*");
        config.put("delivery.partners.\"beta\".api-key-hashes", Partners.hashOf(BETA_OLD_KEY) + "," + Partners.hashOf(BETA_NEW_KEY));
        config.put("delivery.partners.\"beta\".event-types", "shared.*,beta.*");
        config.put("delivery.merge.reorder-allowance", "300ms");
        config.put("delivery.merge.idle-timeout", "3s");
        config.put("delivery.merge.startup-timeout", "3s");
        config.put("delivery.merge.tick-interval", "100ms");
        config.put("delivery.kinesis.poll-interval", "100ms");
        config.put("delivery.sse.buffer-size", Integer.toString(BUFFER_SIZE));
        config.put("delivery.sse.lag-tolerance", "1s");
        config.put("delivery.sse.heartbeat-interval", "1s");
        config.put("delivery.sse.close-grace-period", "30s");
        config.put("quarkus.http.cors.enabled", "true");
        config.put("quarkus.http.cors.origins", DASHBOARD);
        return config;
    }
}
