package dev.pipeline.delivery.partner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.pipeline.delivery.TestEvents;
import dev.pipeline.delivery.config.DeliveryConfig;
import dev.pipeline.delivery.merge.FeedAttributes;
import dev.pipeline.envelope.CloudEvent;
import dev.pipeline.envelope.CloudEventJson;

class PartnersTest {

    private final Partner alpha = partner("alpha", "shared.*", "alpha.orders.created");
    private final Partner beta = partner("beta", "shared.*", "beta.*");
    private final Partners partners = Partners.fromConfig(Map.of(
            "alpha", PartnerSettings.apiKeys(List.of(Partners.hashOf("alpha-old"), Partners.hashOf("alpha-new"))),
            "beta", PartnerSettings.apiKeys(List.of(Partners.hashOf("beta-key")))), Clock.systemUTC());

    @Test
    void authenticatesEitherOfTwoKeysDuringRotationAndNothingElse() {
        assertEquals("alpha", partners.authenticate("alpha-old").orElseThrow().name());
        assertEquals("alpha", partners.authenticate("alpha-new").orElseThrow().name());
        assertEquals("beta", partners.authenticate("beta-key").orElseThrow().name());
        assertTrue(partners.authenticate("alpha").isEmpty());
        assertTrue(partners.authenticate("").isEmpty());
        assertTrue(partners.authenticate(null).isEmpty());
    }

    @Test
    void anEventGoesOnlyToEntitledPartnersNamedInItsAudience() {
        assertTrue(alpha.entitledTo(attributes("shared.news", null)));
        assertTrue(beta.entitledTo(attributes("shared.news", null)));
        assertTrue(alpha.entitledTo(attributes("shared.news", "alpha")));
        assertFalse(beta.entitledTo(attributes("shared.news", "alpha")));
        assertTrue(beta.entitledTo(attributes("shared.news", "alpha, beta")));
        // names are whole, trimmed, comma-separated
        for (String audience : new String[] {" alpha ,x", "x,alpha", "x,\talpha\t", ",alpha,"}) {
            assertTrue(alpha.entitledTo(attributes("shared.news", audience)), audience);
        }
        for (String audience : new String[] {"alphabet", "alph", "x, alpha-2", "", ",", "beta,,"}) {
            assertFalse(alpha.entitledTo(attributes("shared.news", audience)), audience);
        }
        assertTrue(alpha.entitledTo(attributes("shared.anything", "alpha")), "a wildcard entitlement matches by prefix");
        assertFalse(alpha.entitledTo(attributes("shared", "alpha")), "the prefix's own dot is part of it");
        assertFalse(alpha.entitledTo(attributes("beta.thing", null)));
        assertFalse(beta.entitledTo(attributes("beta.thing", "alpha")), "audience never widens entitlements");
        assertFalse(alpha.entitledTo(attributes("alpha.orders.created.v2", null)), "an exact type is no prefix");
    }

    @Test
    void filtersMustStayInsideTheEntitlements() {
        assertTrue(beta.mayRequest(TypePattern.parse("beta.orders.*")));
        assertTrue(beta.mayRequest(TypePattern.parse("beta.orders.created")));
        assertFalse(beta.mayRequest(TypePattern.parse("*")));
        assertFalse(beta.mayRequest(TypePattern.parse("b*")));
        assertTrue(alpha.mayRequest(TypePattern.parse("alpha.orders.created")));
        assertFalse(alpha.mayRequest(TypePattern.parse("alpha.orders.*")));
        assertThrows(IllegalArgumentException.class, () -> TypePattern.parse("a*b"));
    }

    @Test
    void subscriptionsNarrowByTypeAndSubjectPrefix() {
        Subscription orders = new Subscription(beta, List.of(TypePattern.parse("beta.orders.*")), "customer/7");
        assertTrue(orders.accepts(FeedAttributes.of(TestEvents.event("1", "beta.orders.x", "customer/7/a", "k", Instant.EPOCH))));
        assertFalse(orders.accepts(FeedAttributes.of(TestEvents.event("2", "beta.orders.x", "customer/8", "k", Instant.EPOCH))));
        assertFalse(orders.accepts(FeedAttributes.of(TestEvents.event("3", "beta.other", "customer/7", "k", Instant.EPOCH))));
    }

    @Test
    void configuredHashesMustBeSha256() {
        assertTrue(Partners.hashOf("local-partner-token").matches("sha256:[0-9a-f]{64}"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Partners.fromConfig(Map.of("gamma", config(List.of("md5:abc"), List.of("*"))), Clock.systemUTC()));
        assertTrue(e.getMessage().contains("delivery.partners.\"gamma\".api-key-hashes"));
        Partners configured = Partners.fromConfig(Map.of("gamma", config(List.of(Partners.hashOf("g")), List.of("*"))), Clock.systemUTC());
        assertEquals("gamma", configured.authenticate("g").orElseThrow().name());
    }

    private static DeliveryConfig.Partner config(List<String> hashes, List<String> types) {
        return new PartnerSettings.Partner(Optional.of(hashes), types, Optional.empty(), 100);
    }

    private static Partner partner(String name, String... types) {
        return new Partner(name, List.of(types).stream().map(TypePattern::parse).toList());
    }

    @Test
    void aNarrowedAudienceKeepsTheDataTheHistoryHoldsOnlyAsJson() {
        CloudEvent event = event("shared.news", "alpha,beta");
        byte[] merged = CloudEventJson.write(event);

        CloudEvent seenByAlpha = CloudEventJson.parse(alpha.jsonFor(FeedAttributes.of(event), merged));

        assertEquals(event.withExtension(Partner.AUDIENCE, "alpha"), seenByAlpha);
        byte[] plain = CloudEventJson.write(event("shared.news", null));
        assertSame(plain, alpha.jsonFor(FeedAttributes.of(event("shared.news", null)), plain),
                "without an audience the merged JSON itself is sent");
    }

    private static FeedAttributes attributes(String type, String audience) {
        return FeedAttributes.of(event(type, audience));
    }

    private static CloudEvent event(String type, String audience) {
        return TestEvents.event("e", type, "s", "k", Instant.EPOCH).withExtension(Partner.AUDIENCE, audience);
    }
}
