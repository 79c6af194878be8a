package dev.pipeline.delivery;

import static dev.pipeline.delivery.DeliveryTestProfile.GAMMA_AUDIENCE;
import static dev.pipeline.delivery.DeliveryTestProfile.GAMMA_ISSUER;
import static dev.pipeline.delivery.DeliveryTestProfile.LIMITED_KEY;
import static dev.pipeline.delivery.DeliveryTestProfile.LIMITED_MAX_STREAMS;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.KeyFactory;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import dev.pipeline.infra.testing.KafkaBrokerResource;
import dev.pipeline.infra.testing.KinesisEmulatorResource;
import dev.pipeline.infra.testing.SseClient;
import dev.pipeline.support.problem.Problem;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** The running service: a partner's JWT opens its stream (a wrong one gets 401), and a partner's streams are limited. */
@QuarkusTest
@TestProfile(DeliveryTestProfile.class)
@WithTestResource(value = KafkaBrokerResource.class, parallel = true)
@WithTestResource(value = KinesisEmulatorResource.class, parallel = true,
        initArgs = @ResourceArg(name = KinesisEmulatorResource.CONFIG_PREFIX, value = "delivery.kinesis"))
class PartnerCredentialsTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @TestHTTPResource("/v1/stream")
    URI stream;

    @Test
    void aPartnersJwtOpensItsStreamAndOneForAnotherAudienceDoesNot() throws Exception {
        try (SseClient gamma = open(Map.of("Authorization", "Bearer " + gammaToken(GAMMA_AUDIENCE)))) {
            assertEquals(200, gamma.status());
            await().atMost(WAIT).until(() -> gamma.comments().contains("connected"));
        }
        assertProblem(401, "unauthorized", "Bearer " + gammaToken("https://someone-else.example"));
    }

    @Test
    void aPartnerBeyondItsStreamLimitGets429UntilOneOfItsStreamsCloses() throws Exception {
        List<SseClient> held = new ArrayList<>();
        try {
            for (int i = 0; i < LIMITED_MAX_STREAMS; i++) {
                held.add(open(Map.of("Authorization", "Bearer " + LIMITED_KEY)));
                assertEquals(200, held.get(i).status());
            }
            assertProblem(429, "too-many-streams", "Bearer " + LIMITED_KEY);
            // other partners are not affected by this one's limit
            try (SseClient other = open(Map.of("Authorization", "Bearer " + DeliveryTestProfile.ALL_KEY))) {
                assertEquals(200, other.status());
            }

            held.remove(0).close();
            await().atMost(WAIT).until(() -> {
                try (SseClient again = open(Map.of("Authorization", "Bearer " + LIMITED_KEY))) {
                    return again.status() == 200;
                }
            });
        } finally {
            held.forEach(SseClient::close);
        }
    }

    /** Asserts the stream is refused with that problem; a bounded wait, since a stream opened after all never ends. */
    private void assertProblem(int status, String type, String authorization) throws Exception {
        // the request timeout covers only the headers: the whole answer must arrive in time
        HttpResponse<String> refused = HttpClient.newHttpClient().sendAsync(HttpRequest.newBuilder(stream)
                        .header("Authorization", authorization).build(), HttpResponse.BodyHandlers.ofString())
                .get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertEquals(status, refused.statusCode());
        assertEquals(Optional.of(Problem.MEDIA_TYPE), refused.headers().firstValue("Content-Type"));
        assertTrue(refused.body().contains("\"type\":\"" + Problem.TYPE_BASE + type + "\""), refused.body());
    }

    private SseClient open(Map<String, String> headers) {
        SseClient client = SseClient.connect(stream, headers);
        await().atMost(WAIT).until(() -> client.status() != 0);
        return client;
    }

    private static String gammaToken(String audience) throws Exception {
        ECPrivateKey key = (ECPrivateKey) KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(
                Base64.getDecoder().decode(DeliveryTestProfile.GAMMA_PRIVATE_KEY)));
        Instant now = Instant.now();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID("gamma-1").build(),
                new JWTClaimsSet.Builder().issuer(GAMMA_ISSUER).audience(audience).issueTime(Date.from(now))
                        .expirationTime(Date.from(now.plusSeconds(300))).build());
        jwt.sign(new ECDSASigner(key));
        return jwt.serialize();
    }
}
