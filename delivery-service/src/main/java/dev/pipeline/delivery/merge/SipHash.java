package dev.pipeline.delivery.merge;

import java.security.SecureRandom;

/**
 * SipHash-2-4 (Aumasson and Bernstein, 2012): a keyed 64-bit hash. Without the key nobody can choose inputs that
 * collide, so tables hashed by it keep their expected cost whatever ids producers send (event ids are chosen by
 * producers, and strings colliding under {@link String#hashCode} are trivial to make: "Aa" and "BB").
 */
final class SipHash {

    private static final SecureRandom KEYS = new SecureRandom();

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

    /** The hash of a byte string. */
    long hash(byte[] data) {
        State state = new State(k0, k1);
        for (byte b : data) {
            state.add(b & 0xff);
        }
        return state.finish();
    }

    /**
     * The hash of two strings as one input: the first one's length (4 bytes), then the UTF-16LE code units of both,
     * so ("ab", "c") and ("a", "bc") differ.
     */
    long hash(String first, String second) {
        State state = new State(k0, k1);
        int length = first.length();
        state.add(length & 0xff);
        state.add(length >>> 8 & 0xff);
        state.add(length >>> 16 & 0xff);
        state.add(length >>> 24);
        addChars(state, first);
        addChars(state, second);
        return state.finish();
    }

    private static void addChars(State state, String text) {
        for (int i = 0; i < text.length(); i++) {
            state.addPair(text.charAt(i));
        }
    }

    /** The four state words, the message word being filled, and the count of bytes taken. */
    private static final class State {
        private long v0;
        private long v1;
        private long v2;
        private long v3;
        private long word;
        private long bytes;

        State(long k0, long k1) {
            v0 = k0 ^ 0x736f6d6570736575L;
            v1 = k1 ^ 0x646f72616e646f6dL;
            v2 = k0 ^ 0x6c7967656e657261L;
            v3 = k1 ^ 0x7465646279746573L;
        }

        /** Takes one byte (0-255), little-endian into the current word; a full word is compressed. */
        void add(int value) {
            word |= (long) value << (8 * (bytes & 7));
            bytes++;
            if ((bytes & 7) == 0) {
                compress(word);
                word = 0;
            }
        }

        /**
         * Takes two bytes at once, little-endian (the same as {@code add(value & 0xff); add(value >>> 8)}); only after
         * an even count of bytes, so the pair never straddles a word (strings are hashed as UTF-16 code units after a
         * 4-byte length).
         */
        void addPair(int value) {
            word |= (long) value << (8 * (bytes & 7));
            bytes += 2;
            if ((bytes & 7) == 0) {
                compress(word);
                word = 0;
            }
        }

        long finish() {
            compress(word | bytes << 56);
            v2 ^= 0xff;
            for (int i = 0; i < 4; i++) {
                round();
            }
            return v0 ^ v1 ^ v2 ^ v3;
        }

        private void compress(long m) {
            v3 ^= m;
            round();
            round();
            v0 ^= m;
        }

        private void round() {
            v0 += v1;
            v1 = Long.rotateLeft(v1, 13);
            v1 ^= v0;
            v0 = Long.rotateLeft(v0, 32);
            v2 += v3;
            v3 = Long.rotateLeft(v3, 16);
            v3 ^= v2;
            v0 += v3;
            v3 = Long.rotateLeft(v3, 21);
            v3 ^= v0;
            v2 += v1;
            v1 = Long.rotateLeft(v1, 17);
            v1 ^= v2;
            v2 = Long.rotateLeft(v2, 32);
        }
    }
}
