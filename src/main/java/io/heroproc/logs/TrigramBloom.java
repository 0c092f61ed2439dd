package io.heroproc.logs;

/**
 * A Bloom filter of the 3-byte sequences of a chunk's text, so that a search skips, without
 * inflating it, every chunk that cannot hold the searched text: a chunk holds it only if it holds
 * each of its trigrams. One hash per trigram; the filter has a quarter as many bits as the chunk
 * has bytes (2^12 to 2^16 bits: 8 KiB for a full 256 KiB chunk). Queries shorter than 3 bytes
 * cannot use it.
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

    /** Whether a chunk with this filter may contain {@code needle} (at least 3 bytes). */
    static boolean mayContain(byte[] bloom, byte[] needle) {
        int bitsLog = 31 - Integer.numberOfLeadingZeros(bloom.length * 8);
        int h = ((needle[0] & 0xFF) << 8) | (needle[1] & 0xFF);
        for (int i = 2; i < needle.length; i++) {
            h = ((h << 8) | (needle[i] & 0xFF)) & 0xFFFFFF;
            int bit = bit(h, bitsLog);
            if ((bloom[bit >>> 3] & (1 << (bit & 7))) == 0) {
                return false;
            }
        }
        return true;
    }

    /** Packs the filter's words into bytes (little-endian bit order within the words, as {@link #mayContain} reads them). */
    static byte[] toBytes(long[] words, int bitsLog) {
        byte[] out = new byte[1 << (bitsLog - 3)];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) (words[i >>> 3] >>> ((i & 7) * 8));
        }
        return out;
    }
}
