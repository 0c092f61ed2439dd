package io.heroproc.logs;

/**
 * A Bloom filter of the 3-byte sequences of a chunk's text, so that a search skips, without
 * inflating it, every chunk that cannot hold the searched text. To halve the work at capture, only
 * the trigrams that start at even offsets of the chunk are in it: text found at offset p has its
 * trigrams j = 0, 2, 4... (p even) or j = 1, 3, 5... (p odd) in the filter, so a chunk may hold a
 * needle only if one of those two classes is wholly in it. One hash per trigram; a quarter as many
 * bits as the chunk has bytes (2^12 to 2^16: 8 KiB for a full 256 KiB chunk). Needles shorter than
 * 4 bytes cannot use it.
 */
final class TrigramBloom {

    static final int MIN_BITS_LOG = 12;
    static final int MAX_BITS_LOG = 16;

    private TrigramBloom() {
    }

    /** log2 of the number of bits for a chunk of {@code bytes}. */
    static int bitsLog(int bytes) {
        int log = 31 - Integer.numberOfLeadingZeros(Math.max(1, bytes)) - 2;
        return Math.clamp(log, MIN_BITS_LOG, MAX_BITS_LOG);
    }

    static int bit(int trigram, int bitsLog) {
        return (trigram * 0x9E3779B1) >>> (32 - bitsLog);
    }

    /** Whether a chunk with this filter may contain {@code needle}. */
    static boolean mayContain(byte[] bloom, byte[] needle) {
        if (needle.length < 4) {
            return true;
        }
        int bitsLog = 31 - Integer.numberOfLeadingZeros(bloom.length * 8);
        return allIn(bloom, bitsLog, needle, 0) || allIn(bloom, bitsLog, needle, 1);
    }

    private static boolean allIn(byte[] bloom, int bitsLog, byte[] needle, int from) {
        for (int j = from; j + 2 < needle.length; j += 2) {
            int bit = bit(trigram(needle, j), bitsLog);
            if ((bloom[bit >>> 3] & (1 << (bit & 7))) == 0) {
                return false;
            }
        }
        return true;
    }

    /** The three bytes at {@code at}, first byte lowest (as a little-endian int load reads them). */
    static int trigram(byte[] text, int at) {
        return (text[at] & 0xFF) | ((text[at + 1] & 0xFF) << 8) | ((text[at + 2] & 0xFF) << 16);
    }

    /** Sets the bits of the even-offset trigrams of {@code text[0, length)} in {@code words} (cleared first). */
    static void fill(long[] words, int bitsLog, byte[] text, int length) {
        java.util.Arrays.fill(words, 0, 1 << (bitsLog - 6), 0L);
        int shift = 32 - bitsLog;
        int previous = -1;
        int i = 0;
        // One 4-byte load per trigram where 4 bytes remain; the last trigram, if any, byte by byte.
        for (; i + 3 < length; i += 2) {
            int trigram = (int) INTS.get(text, i) & 0xFFFFFF;
            // Runs of one byte ("xxxx", "----") repeat a trigram: skip the store to the same word.
            if (trigram != previous) {
                previous = trigram;
                int bit = (trigram * 0x9E3779B1) >>> shift;
                words[bit >>> 6] |= 1L << bit;
            }
        }
        if (i + 2 < length) {
            int bit = (trigram(text, i) * 0x9E3779B1) >>> shift;
            words[bit >>> 6] |= 1L << bit;
        }
    }

    private static final java.lang.invoke.VarHandle INTS = java.lang.invoke.MethodHandles.byteArrayViewVarHandle(
            int[].class, java.nio.ByteOrder.LITTLE_ENDIAN);

    /** Packs the filter's words into bytes (little-endian bit order within the words, as {@link #mayContain} reads them). */
    static byte[] toBytes(long[] words, int bitsLog) {
        byte[] out = new byte[1 << (bitsLog - 3)];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) (words[i >>> 3] >>> ((i & 7) * 8));
        }
        return out;
    }
}
