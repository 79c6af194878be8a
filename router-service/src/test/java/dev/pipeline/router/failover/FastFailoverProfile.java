package dev.pipeline.router.failover;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/** Short timeouts and a 3 s failback period, so failover tests run in seconds. */
public class FastFailoverProfile implements QuarkusTestProfile {

    static final long FAILBACK_AFTER_MS = 3000;
    static final String ADMIN_TOKEN = "test-admin-token";

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.ofEntries(
                Map.entry("router.mode", "auto"),
                Map.entry("router.health.failback-after", FAILBACK_AFTER_MS + "ms"),
                Map.entry("router.health.stall-threshold", "500ms"),
                Map.entry("router.health.probe-interval", "200ms"),
                Map.entry("router.health.probe-timeout", "1s"),
                Map.entry("router.kinesis.api-call-timeout", "1s"),
                Map.entry("router.kinesis.api-call-attempt-timeout", "700ms"),
                Map.entry("router.kafka.request-timeout", "1s"),
                Map.entry("router.kafka.delivery-timeout", "2s"),
                Map.entry("router.kafka.max-block", "500ms"),
                Map.entry("router.admin.token-hashes",
                        "sha256:" + Tokens.sha256Hex(ADMIN_TOKEN)));
    }
}
