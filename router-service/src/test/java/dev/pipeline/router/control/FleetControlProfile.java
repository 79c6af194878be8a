package dev.pipeline.router.control;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/** Mode auto in the configuration, an admin token, and a fast status cadence so staleness shows in seconds. */
public class FleetControlProfile implements QuarkusTestProfile {

    static final String ADMIN_TOKEN = "fleet-admin-token";
    static final long STALE_AFTER_MS = 3000;

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "router.mode", "auto",
                "router.control.status-interval", "500ms",
                "router.control.stale-after", STALE_AFTER_MS + "ms",
                "router.admin.token-hashes", "sha256:" + sha256Hex(ADMIN_TOKEN));
    }

    private static String sha256Hex(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
