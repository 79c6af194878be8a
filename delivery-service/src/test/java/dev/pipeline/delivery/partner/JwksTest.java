package dev.pipeline.delivery.partner;

import static dev.pipeline.delivery.partner.Tokens.claims;
import static dev.pipeline.delivery.partner.Tokens.sign;
import static dev.pipeline.delivery.partner.Tokens.signer;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import dev.pipeline.infra.Ports;

/**
 * A partner's JWK set served by a real local HTTP server: its keys are fetched, refreshed when the partner rotates,
 * kept while the server fails, and a JWK set that cannot be fetched never keeps anyone's API key out.
 */
class JwksTest {

    private static final String AUDIENCE = "pipeline-delivery";
    private static final Duration REFRESH = Duration.ofMillis(200);
    private static final KeyPair FIRST = Tokens.rsa();
    private static final KeyPair SECOND = Tokens.ec();

    private final AtomicInteger requests = new AtomicInteger();
    private volatile String served;
    private volatile int status = 200;
    private HttpServer server;
    private URI jwksUrl;

    @BeforeEach
    void serve() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.createContext("/.well-known/jwks.json", this::answer);
        server.start();
        jwksUrl = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/.well-known/jwks.json");
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void keysAreFetchedRefreshedOnRotationAndKeptWhileTheServerFails() {
        served = set(new RSAKey.Builder((RSAPublicKey) FIRST.getPublic()).keyID("k1").build());
        try (Partners partners = Partners.fromConfig(Map.of("gamma", PartnerSettings.jwt(jwks(jwksUrl))), Clock.systemUTC())) {
            String first = sign(signer(FIRST), JWSAlgorithm.RS256, "k1", claims("gamma", AUDIENCE, Instant.now()).build());
            await().atMost(Duration.ofSeconds(10)).until(() -> partners.authenticate(first).isPresent());

            // the partner rotates: the new key (alg fixed by the JWK) next to the old one, then the old one retired
            served = set(new RSAKey.Builder((RSAPublicKey) FIRST.getPublic()).keyID("k1").build(),
                    new ECKey.Builder(Curve.P_256, (ECPublicKey) SECOND.getPublic()).keyID("k2")
                            .algorithm(JWSAlgorithm.ES256).build());
            String second = sign(signer(SECOND), JWSAlgorithm.ES256, "k2", claims("gamma", AUDIENCE, Instant.now()).build());
            await().atMost(Duration.ofSeconds(10)).until(() -> partners.authenticate(second).isPresent());
            assertEquals("gamma", partners.authenticate(first).orElseThrow().name());

            // the server fails for a while: the keys fetched last stay in use
            status = 500;
            int before = requests.get();
            await().atMost(Duration.ofSeconds(10)).until(() -> requests.get() >= before + 3);
            assertEquals("gamma", partners.authenticate(second).orElseThrow().name());
            assertEquals("gamma", partners.authenticate(first).orElseThrow().name());

            // a key the set does not hold never verifies, even with a valid signature by it
            assertTrue(partners.refusal(sign(signer(SECOND), JWSAlgorithm.ES256, "k3",
                    claims("gamma", AUDIENCE, Instant.now()).build())).contains("no key with kid k3"));
        }
    }

    @Test
    void aKeyInTheSetWithAnotherAlgorithmThanTheTokensIsRefused() {
        served = set(new RSAKey.Builder((RSAPublicKey) FIRST.getPublic()).keyID("k1").algorithm(JWSAlgorithm.PS256).build());
        try (Partners partners = Partners.fromConfig(Map.of("gamma", PartnerSettings.jwt(jwks(jwksUrl))), Clock.systemUTC())) {
            String rs256 = sign(signer(FIRST), JWSAlgorithm.RS256, "k1", claims("gamma", AUDIENCE, Instant.now()).build());
            await().atMost(Duration.ofSeconds(10)).until(() -> partners.refusal(rs256).contains("alg RS256 is not PS256"));
        }
    }

    @Test
    void aJwkSetThatCannotBeFetchedKeepsNoApiKeyOut() {
        URI nowhere = URI.create("http://127.0.0.1:" + Ports.freePort() + "/jwks.json");
        PartnerSettings.Partner both = new PartnerSettings.Partner(Optional.of(List.of(Partners.hashOf("delta-key"))),
                List.of("*"), Optional.of(jwks(nowhere)), 100);
        try (Partners partners = Partners.fromConfig(Map.of("delta", both,
                "epsilon", PartnerSettings.apiKeys(List.of(Partners.hashOf("epsilon-key")))), Clock.systemUTC())) {
            assertEquals("delta", partners.authenticate("delta-key").orElseThrow().name());
            assertEquals("epsilon", partners.authenticate("epsilon-key").orElseThrow().name());
            String token = sign(signer(FIRST), JWSAlgorithm.RS256, "k1", claims("delta", AUDIENCE, Instant.now()).build());
            assertTrue(partners.refusal(token).contains("no key with kid k1"));
        }
    }

    private static PartnerSettings.Jwt jwks(URI url) {
        return new PartnerSettings.Jwt(Optional.empty(), Optional.empty(), Map.of(), Optional.empty(), AUDIENCE,
                Duration.ofHours(1), Optional.of(url), REFRESH);
    }

    private static String set(JWK... keys) {
        return new JWKSet(List.of(keys)).toString();
    }

    private void answer(HttpExchange exchange) throws IOException {
        try (exchange) {
            requests.incrementAndGet();
            byte[] body = (status == 200 ? served : "{\"error\":\"down\"}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }
}
