package dev.pipeline.delivery;

import java.util.HashMap;
import java.util.Map;

import dev.pipeline.delivery.partner.Partners;
import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * Partners with distinct rights (one by JWT, one limited to two streams), short timings and a small per-connection
 * buffer.
 */
public class DeliveryTestProfile implements QuarkusTestProfile {

    public static final String ALL_KEY = "all-key";
    public static final String ALPHA_KEY = "alpha-key";
    public static final String BETA_OLD_KEY = "beta-old-key";
    public static final String BETA_NEW_KEY = "beta-new-key";
    public static final String DASHBOARD = "https://dashboard.example";
    public static final int BUFFER_SIZE = 200;
    /** Partner "limited" may hold this many streams at once. */
    public static final int LIMITED_MAX_STREAMS = 2;
    public static final String LIMITED_KEY = "limited-key";
    /** The operators' token for /v1/admin/*. */
    public static final String ADMIN_TOKEN = "admin-token";
    /** Partner "gamma" signs JWTs with this EC P-256 key (PKCS#8, base64), kid "gamma-1"; issuer and audience below. */
    public static final String GAMMA_PRIVATE_KEY = "MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg7ux9ERCllp1NWughWZem/z95aQa65HJIyyN+"
            + "4V4XDKChRANCAARmN91w3OUdU5zzthuFbQHwo0GGkLO1swg+l/peerT0hwToIVQJ0be1v1oTOQ0tPmrmZ5m7jg4e9E9W3daDmXD+";
    public static final String GAMMA_PUBLIC_KEY = "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEZjfdcNzlHVOc87YbhW0B8KNBhpCztbMIPpf6Xnq09IcE"
            + "6CFUCdG3tb9aEzkNLT5q5meZu44OHvRPVt3Wg5lw/g==";
    public static final String GAMMA_ISSUER = "https://idp.gamma.example";
    public static final String GAMMA_AUDIENCE = "https://delivery.test.example";

    @Override
    public Map<String, String> getConfigOverrides() {
        Map<String, String> config = new HashMap<>();
        config.put("delivery.partners.\"all\".api-key-hashes", Partners.hashOf(ALL_KEY));
        config.put("delivery.partners.\"all\".event-types", "*");
        config.put("delivery.partners.\"alpha\".api-key-hashes", Partners.hashOf(ALPHA_KEY));
        config.put("delivery.partners.\"alpha\".event-types", "shared.*,alpha.*");
        config.put("delivery.partners.\"beta\".api-key-hashes", Partners.hashOf(BETA_OLD_KEY) + "," + Partners.hashOf(BETA_NEW_KEY));
        config.put("delivery.partners.\"beta\".event-types", "shared.*,beta.*");
        config.put("delivery.partners.\"gamma\".event-types", "*");
        config.put("delivery.partners.\"gamma\".jwt.keys.\"gamma-1\".public-key", GAMMA_PUBLIC_KEY);
        config.put("delivery.partners.\"gamma\".jwt.issuer", GAMMA_ISSUER);
        config.put("delivery.partners.\"gamma\".jwt.audience", GAMMA_AUDIENCE);
        config.put("delivery.partners.\"limited\".api-key-hashes", Partners.hashOf(LIMITED_KEY));
        config.put("delivery.partners.\"limited\".event-types", "*");
        config.put("delivery.partners.\"limited\".max-streams", Integer.toString(LIMITED_MAX_STREAMS));
        config.put("delivery.admin.token-hashes", Partners.hashOf(ADMIN_TOKEN));
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
