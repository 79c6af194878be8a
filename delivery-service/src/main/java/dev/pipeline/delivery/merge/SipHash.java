package dev.pipeline.delivery.merge;

import java.security.SecureRandom;

/**
 * SipHash-2-4 (Aumasson and Bernstein, 2012): a keyed 64-bit hash. Without the key nobody can choose inputs that
 * collide, so tables hashed by it keep their expected cost whatever ids producers send (event ids are chosen by
 * producers, and strings colliding under {@link String#hashCode} are trivial to make: "Aa" and "BB").
 * <p>
 * Written as one loop over local variables, with no state object and no call per byte: it runs for every event a
 * feed reads, and a state object the compiler failed to keep in registers made it a large share of a catch-up read.
 */
final class SipHash {

    private static final SecureRandom KEYS = new SecureRandom();
    private static final int COMPRESSION_ROUNDS = 2;
    private static final int FINALIZATION_ROUNDS = 4;

    private final long k0;
    private final long k1;

    SipHash(long k0, long k1) {
        this.k0 = k0;
        this.k1 = k1;
    }

    /** A hash with a fresh random key, unknown outside this process. */
    static SipHash randomlyKeyed() {
        return new SipHash(KEYS.nextLong(), KEYS.nextLong());
    }

    /**
     * The hash of two strings as one input: the first one's length (4 bytes, little-endian), then the UTF-16LE code
     * units of both, so ("ab", "c") and ("a", "bc") differ.
     */
    long hash(String first, String second) {
        int firstLength = first.length();
        int units = firstLength + second.length();
        long messageBytes = 4 + 2L * units;
        long v0 = k0 ^ 0x736f6d6570736575L;
        long v1 = k1 ^ 0x646f72616e646f6dL;
        long v2 = k0 ^ 0x6c7967656e657261L;
        long v3 = k1 ^ 0x7465646279746573L;
        long word = firstLength & 0xffffffffL;
        int shift = 32;
        // each pass either adds a code unit to the word being filled, or compresses a full word, the last (partial)
        // word with the message length in its top byte, or (after the last word) finalizes: a compression of zero
        // after v2 ^= 0xff, with more rounds
        for (int unit = 0; ; unit++) {
            int rounds = COMPRESSION_ROUNDS;
            if (unit < units) {
                word |= (long) (unit < firstLength ? first.charAt(unit) : second.charAt(unit - firstLength)) << shift;
                shift += 16;
                if (shift < 64) {
                    continue;
                }
            } else if (unit == units) {
                word |= messageBytes << 56;
            } else {
                v2 ^= 0xff;
                rounds = FINALIZATION_ROUNDS;
            }
            v3 ^= word;
            for (int round = 0; round < rounds; round++) {
                v0 += v1;
                v1 = Long.rotateLeft(v1, 13) ^ v0;
                v0 = Long.rotateLeft(v0, 32);
                v2 += v3;
                v3 = Long.rotateLeft(v3, 16) ^ v2;
                v0 += v3;
                v3 = Long.rotateLeft(v3, 21) ^ v0;
                v2 += v1;
                v1 = Long.rotateLeft(v1, 17) ^ v2;
                v2 = Long.rotateLeft(v2, 32);
            }
            v0 ^= word;
            if (unit > units) {
                return v0 ^ v1 ^ v2 ^ v3;
            }
            word = 0;
            shift = 0;
        }
    }
}
