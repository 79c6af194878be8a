package dev.pipeline.delivery.merge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.charset.StandardCharsets;
import java.util.Random;

import org.junit.jupiter.api.Test;

class SipHashTest {

    /** The reference key of the SipHash paper: bytes 00 01 ... 0f, read little-endian. */
    private static final long K0 = 0x0706050403020100L;
    private static final long K1 = 0x0f0e0d0c0b0a0908L;
    private static final SipHash REFERENCE = new SipHash(K0, K1);

    @Test
    void theByteByByteSpecificationMatchesThePapersVectors() {
        assertEquals(0x726fdb47dd0e0e31L, Specification.hash(K0, K1, new byte[0]), "empty input");
        byte[] fifteen = new byte[15];
        for (int i = 0; i < fifteen.length; i++) {
            fifteen[i] = (byte) i;
        }
        assertEquals(0xa129ca6149be45e5L, Specification.hash(K0, K1, fifteen), "the paper's example, bytes 00..0e");
    }

    @Test
    void twoStringsAreHashedAsTheirLengthAndUtf16UnitsByTheSpecification() {
        Random random = new Random(33);
        for (int i = 0; i < 2000; i++) {
            String first = text(random);
            String second = text(random);
            long k0 = random.nextLong();
            long k1 = random.nextLong();
            assertEquals(Specification.hash(k0, k1, message(first, second)), new SipHash(k0, k1).hash(first, second),
                    () -> "\"" + first + "\", \"" + second + "\"");
        }
        assertNotEquals(REFERENCE.hash("ab", "c"), REFERENCE.hash("a", "bc"));
    }

    @Test
    void theKeyChangesEveryHash() {
        assertNotEquals(REFERENCE.hash("/shop", "Aa"), new SipHash(1, 2).hash("/shop", "Aa"));
    }

    /** 0 to 40 characters, Latin-1 or not, so every length modulo a word and both string encodings occur. */
    private static String text(Random random) {
        StringBuilder text = new StringBuilder();
        int length = random.nextInt(41);
        boolean wide = random.nextBoolean();
        for (int i = 0; i < length; i++) {
            text.append((char) (wide ? random.nextInt(0xd800) : 32 + random.nextInt(224)));
        }
        return text.toString();
    }

    private static byte[] message(String first, String second) {
        byte[] units = first.concat(second).getBytes(StandardCharsets.UTF_16LE);
        byte[] message = new byte[4 + units.length];
        int length = first.length();
        message[0] = (byte) length;
        message[1] = (byte) (length >>> 8);
        message[2] = (byte) (length >>> 16);
        message[3] = (byte) (length >>> 24);
        System.arraycopy(units, 0, message, 4, units.length);
        return message;
    }

    /** SipHash-2-4 as the paper states it, byte by byte: what the production loop is checked against. */
    private static final class Specification {

        static long hash(long k0, long k1, byte[] message) {
            long[] v = {k0 ^ 0x736f6d6570736575L, k1 ^ 0x646f72616e646f6dL, k0 ^ 0x6c7967656e657261L,
                    k1 ^ 0x7465646279746573L};
            int fullWords = message.length / 8;
            for (int w = 0; w < fullWords; w++) {
                long m = 0;
                for (int b = 0; b < 8; b++) {
                    m |= (message[w * 8 + b] & 0xffL) << (8 * b);
                }
                compress(v, m, 2);
            }
            long last = (long) (message.length & 0xff) << 56;
            for (int b = 0; b < message.length % 8; b++) {
                last |= (message[fullWords * 8 + b] & 0xffL) << (8 * b);
            }
            compress(v, last, 2);
            v[2] ^= 0xff;
            compress(v, 0, 4);
            return v[0] ^ v[1] ^ v[2] ^ v[3];
        }

        private static void compress(long[] v, long m, int rounds) {
            v[3] ^= m;
            for (int i = 0; i < rounds; i++) {
                v[0] += v[1];
                v[1] = Long.rotateLeft(v[1], 13);
                v[1] ^= v[0];
                v[0] = Long.rotateLeft(v[0], 32);
                v[2] += v[3];
                v[3] = Long.rotateLeft(v[3], 16);
                v[3] ^= v[2];
                v[0] += v[3];
                v[3] = Long.rotateLeft(v[3], 21);
                v[3] ^= v[0];
                v[2] += v[1];
                v[1] = Long.rotateLeft(v[1], 17);
                v[1] ^= v[2];
                v[2] = Long.rotateLeft(v[2], 32);
            }
            v[0] ^= m;
        }
    }
}
