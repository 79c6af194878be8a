package dev.pipeline.delivery.merge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class SipHashTest {

    /** The reference key of the SipHash paper: bytes 00 01 ... 0f, read little-endian. */
    private static final SipHash REFERENCE = new SipHash(0x0706050403020100L, 0x0f0e0d0c0b0a0908L);

    @Test
    void matchesTheReferenceVectors() {
        assertEquals(0x726fdb47dd0e0e31L, REFERENCE.hash(new byte[0]), "empty input");
        byte[] fifteen = new byte[15];
        for (int i = 0; i < fifteen.length; i++) {
            fifteen[i] = (byte) i;
        }
        assertEquals(0xa129ca6149be45e5L, REFERENCE.hash(fifteen), "the paper's example, bytes 00..0e");
    }

    @Test
    void twoStringsAreHashedAsTheirLengthAndUtf16Units() {
        byte[] units = "abc".concat("dé").getBytes(StandardCharsets.UTF_16LE);
        byte[] input = new byte[4 + units.length];
        input[0] = 3;
        System.arraycopy(units, 0, input, 4, units.length);
        assertEquals(REFERENCE.hash(input), REFERENCE.hash("abc", "dé"));
        assertNotEquals(REFERENCE.hash("ab", "c"), REFERENCE.hash("a", "bc"));
    }

    @Test
    void theKeyChangesEveryHash() {
        assertNotEquals(REFERENCE.hash("/shop", "Aa"), new SipHash(1, 2).hash("/shop", "Aa"));
    }
}
