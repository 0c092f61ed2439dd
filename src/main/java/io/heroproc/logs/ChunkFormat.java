package io.heroproc.logs;

import io.heroproc.process.StdStream;

/**
 * The stored form of a chunk of a job's lines (one row of {@code log_chunks}):
 * <ul>
 * <li>{@code data}: the lines, each ended by {@code '\n'} (a line never contains one), as an LZ4
 *     block ({@link #LZ4}), as they are ({@link #RAW}: small or incompressible chunks), or deflated
 *     ({@link #DEFLATE}, raw deflate: chunks stored before LZ4, read still);</li>
 * <li>{@code meta}: the lines' streams, times and continuation marks as runs ("segments"): per
 *     segment a kind byte (the stream in the low two bits, {@link #PARTIAL_LAST} when its last line
 *     is a piece that the next line continues), the number of lines (varint) and the time of its
 *     lines in milliseconds after the chunk's {@code first_ts} (varint);</li>
 * <li>{@code bloom}: a {@link TrigramBloom} of the data, or null for small chunks.</li>
 * </ul>
 * Sequence numbers are not stored per line: the chunk holds {@code first_seq..last_seq}.
 */
final class ChunkFormat {

    static final int RAW = 0;
    static final int DEFLATE = 1;
    static final int LZ4 = 2;

    static final int STDOUT = 0;
    static final int STDERR = 1;
    static final int SYSTEM = 2;
    static final int STREAM_MASK = 3;
    static final int PARTIAL_LAST = 4;

    /** Lines longer than this are stored in pieces of this size, each but the last marked partial. */
    static final int MAX_PIECE = 64 * 1024;
    /** A line's id is its chunk's id shifted by this, plus its index in the chunk as written. */
    static final int ID_SHIFT = 20;

    private ChunkFormat() {
    }

    static int kind(StdStream stream) {
        return stream == StdStream.STDOUT ? STDOUT : STDERR;
    }

    static String streamName(int kind) {
        return switch (kind & STREAM_MASK) {
            case STDOUT -> "stdout";
            case STDERR -> "stderr";
            default -> "system";
        };
    }

    /** The {@code streams} column: one bit per stream present (1 stdout, 2 stderr, 4 system). */
    static int streamBit(int kind) {
        return 1 << (kind & STREAM_MASK);
    }

    static int streamBit(String stream) {
        return switch (stream) {
            case "stdout" -> streamBit(STDOUT);
            case "stderr" -> streamBit(STDERR);
            default -> streamBit(SYSTEM);
        };
    }

    /** Line id of the line at {@code index} (counted from the chunk's first line as written). */
    static long lineId(long chunkId, long index) {
        return (chunkId << ID_SHIFT) + index;
    }

    static long chunkOf(long lineId) {
        return lineId >>> ID_SHIFT;
    }

    static int putVarint(byte[] out, int pos, long value) {
        while ((value & ~0x7FL) != 0) {
            out[pos++] = (byte) ((value & 0x7F) | 0x80);
            value >>>= 7;
        }
        out[pos++] = (byte) value;
        return pos;
    }

    /** Reads a varint at {@code pos[0]}, advancing it. */
    static long getVarint(byte[] in, int[] pos) {
        long value = 0;
        for (int shift = 0; ; shift += 7) {
            byte b = in[pos[0]++];
            value |= (long) (b & 0x7F) << shift;
            if (b >= 0) {
                return value;
            }
        }
    }
}
