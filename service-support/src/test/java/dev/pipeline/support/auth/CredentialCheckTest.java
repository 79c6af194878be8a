package dev.pipeline.support.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class CredentialCheckTest {

    @Test
    void eitherOfTwoHashesAuthenticatesTheirOwnerDuringARotation() {
        CredentialCheck<String> check = CredentialCheck.<String>builder()
                .add("acme", TokenHash.of("acme-old"), "acme")
                .add("acme", TokenHash.of("acme-new"), "acme")
                .add("beta", TokenHash.of("beta-key"), "beta")
                .build();

        assertEquals(Optional.of("acme"), check.owner("acme-old"));
        assertEquals(Optional.of("acme"), check.owner("acme-new"));
        assertEquals(Optional.of("beta"), check.owner("beta-key"));
        assertEquals(Optional.empty(), check.owner("acme"));
        assertEquals(Optional.empty(), check.owner(""));
        assertEquals(Optional.empty(), check.owner(null));
        assertEquals(3, check.size());
    }

    @Test
    void aHashIsReadInAnyLetterCaseAndWithSurroundingSpace() {
        String upper = " SHA256:" + TokenHash.of("token").substring(TokenHash.PREFIX.length()).toUpperCase() + " ";
        assertTrue(CredentialCheck.of("router.admin.token-hashes", List.of(upper), true).accepts("token"));
    }

    @Test
    void malformedHashesFailNamingTheSetting() {
        for (String wrong : List.of("md5:abc", "sha256:xyz", "sha256:abcd", "0123456789abcdef")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> CredentialCheck.of("router.internal-api.token-hashes", List.of(wrong), true));
            assertTrue(e.getMessage().startsWith("router.internal-api.token-hashes: "), e.getMessage());
        }
    }

    @Test
    void oneHashMayNotBelongToTwoOwners() {
        CredentialCheck.Builder<String> builder = CredentialCheck.<String>builder().add("a", TokenHash.of("k"), "a");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> builder.add("b", TokenHash.of("k"), "b"));
        assertTrue(e.getMessage().contains("another owner"), e.getMessage());
    }

    @Test
    void theFingerprintIsTheStartOfTheConfiguredHashAndNotTheToken() {
        String fingerprint = TokenHash.fingerprint("local-admin-token");
        assertEquals(8, fingerprint.length());
        assertTrue(TokenHash.of("local-admin-token").startsWith(TokenHash.PREFIX + fingerprint));
        assertFalse("local-admin-token".contains(fingerprint));
        // the known value: printf %s local-admin-token | sha256sum
        assertEquals("sha256:bc32a9a66697ce5242e5517f4a801fa2a3dccf9960459f666fec8a166289401e", TokenHash.of("local-admin-token"));
    }

    @Test
    void bearerTokensAreReadFromTheHeaderInAnyCaseOfTheScheme() {
        assertEquals(Optional.of("abc"), BearerToken.from("Bearer abc"));
        assertEquals(Optional.of("abc"), BearerToken.from("bearer  abc "));
        assertEquals(Optional.empty(), BearerToken.from("Basic abc"));
        assertEquals(Optional.empty(), BearerToken.from("Bearer "));
        assertEquals(Optional.empty(), BearerToken.from(null));
    }
}
