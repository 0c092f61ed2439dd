package io.heroproc.logs;

import java.util.Arrays;
import net.jpountz.lz4.LZ4Compressor;

/**
 * Turns a sealed {@link Chunk} into its stored form, on the log writer's thread (its scratch
 * buffers and compressor are not shared): a pass over the bytes fills the trigram filter, another
 * counts the lines of each segment (and, in the rare chunk with a line longer than
 * {@link ChunkFormat#MAX_PIECE}, a slower one cuts it into pieces); then LZ4 ({@link Lz4}), kept
 * when it saves an eighth.
 */
final class ChunkCodec {

    /** Chunks smaller than this get no trigram filter: a search reads them whole, which is cheap. */
    static final int BLOOM_MIN_BYTES = 4096;
    private static final int COMPRESS_MIN_BYTES = 128;

    private final LZ4Compressor lz4 = Lz4.compressor();
    private final long[] words = new long[1 << (TrigramBloom.MAX_BITS_LOG - 6)];
    private int[] newlines = new int[8192];
    private byte[] out = new byte[ChunkBuffers.LARGE];

    EncodedChunk encode(Chunk chunk, long firstSeq) {
        byte[] text = chunk.text;
        int length = chunk.length;
        int bitsLog = TrigramBloom.bitsLog(length);
        byte[] bloom = null;
        if (length >= BLOOM_MIN_BYTES) {
            TrigramBloom.fill(words, bitsLog, text, length);
            bloom = TrigramBloom.toBytes(words, bitsLog);
        }
        Segments segments = new Segments(chunk);
        boolean cut = !countLines(chunk, segments);
        int lines = 0;
        if (cut) {
            segments = new Segments(chunk);
            lines = scan(text, length);
            lineByLine(chunk, lines, segments);
        }
        byte[] stored = cut ? cutLongLines(text, length, lines) : null;
        int storedLength = cut ? stored.length : length;
        byte[] source = cut ? stored : text;
        int codec = ChunkFormat.RAW;
        byte[] data = null;
        if (storedLength >= COMPRESS_MIN_BYTES) {
            int compressed = compress(source, storedLength);
            if (compressed > 0) {
                codec = ChunkFormat.LZ4;
                data = Arrays.copyOf(out, compressed);
            }
        }
        if (data == null) {
            data = cut ? stored : Arrays.copyOf(text, length);
        }
        return new EncodedChunk(chunk.jobId, firstSeq, segments.lines, segments.firstTs, segments.lastTs,
                segments.streams, storedLength, codec, segments.bytes(), bloom, data);
    }

    /**
     * The common case, a segment at a time: counts its lines in one pass over its bytes. False when
     * a line is longer than {@link ChunkFormat#MAX_PIECE} (it must be cut: {@link #lineByLine}).
     */
    private static boolean countLines(Chunk chunk, Segments segments) {
        int start = 0;
        for (int s = 0; s < chunk.segments; s++) {
            int end = chunk.segmentEnd[s];
            int count = countLines(chunk.text, start, end);
            if (count < 0) {
                return false;
            }
            segments.lines(chunk.segmentKind[s] & ChunkFormat.STREAM_MASK, chunk.segmentTs[s], count,
                    (chunk.segmentKind[s] & ChunkFormat.PARTIAL_LAST) != 0);
            start = end;
        }
        return true;
    }

    /**
     * The lines of {@code text[start, end)} (each ended by '\n'), or -1 if one is longer than
     * {@link ChunkFormat#MAX_PIECE}. Eight bytes at a time: in {@code y = word ^ 0x0A...0A} a byte
     * is zero where the word had a '\n', and {@code ~(((y & 0x7F..) + 0x7F..) | y | 0x7F..)} sets
     * the high bit of exactly those bytes (no carry crosses a byte).
     */
    static int countLines(byte[] text, int start, int end) {
        int count = 0;
        int lineStart = start;
        int i = start;
        for (; i + 8 <= end; i += 8) {
            long y = (long) LONGS.get(text, i) ^ NEWLINES;
            long found = ~(((y & LOW7) + LOW7) | y | LOW7);
            if (found != 0) {
                if (i + (Long.numberOfTrailingZeros(found) >>> 3) - lineStart > ChunkFormat.MAX_PIECE) {
                    return -1;
                }
                count += Long.bitCount(found);
                lineStart = i + ((63 - Long.numberOfLeadingZeros(found)) >>> 3) + 1;
            }
        }
        for (; i < end; i++) {
            if (text[i] == '\n') {
                if (i - lineStart > ChunkFormat.MAX_PIECE) {
                    return -1;
                }
                count++;
                lineStart = i + 1;
            }
        }
        return count;
    }

    private static final java.lang.invoke.VarHandle LONGS = java.lang.invoke.MethodHandles.byteArrayViewVarHandle(
            long[].class, java.nio.ByteOrder.LITTLE_ENDIAN);
    private static final long NEWLINES = 0x0A0A0A0A0A0A0A0AL;
    private static final long LOW7 = 0x7F7F7F7F7F7F7F7FL;

    /** The rare case: line by line, each line longer than {@link ChunkFormat#MAX_PIECE} as its pieces. */
    private void lineByLine(Chunk chunk, int lines, Segments segments) {
        int start = 0;
        int segment = 0;
        for (int i = 0; i < lines; i++) {
            int end = newlines[i];
            while (end >= chunk.segmentEnd[segment]) {
                segment++;
            }
            boolean partial = end + 1 == chunk.segmentEnd[segment]
                    && (chunk.segmentKind[segment] & ChunkFormat.PARTIAL_LAST) != 0;
            int kind = chunk.segmentKind[segment] & ChunkFormat.STREAM_MASK;
            long ts = chunk.segmentTs[segment];
            for (int piece = end - start; piece > ChunkFormat.MAX_PIECE; piece -= ChunkFormat.MAX_PIECE) {
                segments.lines(kind, ts, 1, true);
            }
            segments.lines(kind, ts, 1, partial);
            start = end + 1;
        }
    }

    /** Finds the line ends, into {@link #newlines}. */
    private int scan(byte[] text, int length) {
        int[] ends = newlines;
        int n = 0;
        for (int i = 0; i < length; i++) {
            if (text[i] == '\n') {
                if (n == ends.length) {
                    ends = newlines = Arrays.copyOf(ends, n * 2);
                }
                ends[n++] = i;
            }
        }
        return n;
    }

    /** The text with a '\n' after every {@link ChunkFormat#MAX_PIECE} bytes of a longer line. */
    private byte[] cutLongLines(byte[] text, int length, int lines) {
        int extra = 0;
        int start = 0;
        for (int i = 0; i < lines; i++) {
            extra += Math.max(0, (newlines[i] - start - 1) / ChunkFormat.MAX_PIECE);
            start = newlines[i] + 1;
        }
        byte[] cut = new byte[length + extra];
        int pos = 0;
        start = 0;
        for (int i = 0; i < lines; i++) {
            int end = newlines[i];
            while (end - start > ChunkFormat.MAX_PIECE) {
                System.arraycopy(text, start, cut, pos, ChunkFormat.MAX_PIECE);
                pos += ChunkFormat.MAX_PIECE;
                cut[pos++] = '\n';
                start += ChunkFormat.MAX_PIECE;
            }
            System.arraycopy(text, start, cut, pos, end + 1 - start);
            pos += end + 1 - start;
            start = end + 1;
        }
        return cut;
    }

    /** Compresses into {@link #out}; 0 when that would not save an eighth of the bytes. */
    private int compress(byte[] source, int length) {
        int bound = lz4.maxCompressedLength(length);
        if (out.length < bound) {
            out = new byte[bound];
        }
        int n = lz4.compress(source, 0, length, out, 0, bound);
        return n < length - length / 8 ? n : 0;
    }

    /** The segments of the stored lines, written as {@link ChunkFormat} describes. */
    private static final class Segments {
        private final long firstTs;
        private long lastTs;
        private int streams;
        private int lines;
        private byte[] bytes = new byte[32];
        private int size;
        private int kind = -1;
        private long ts;
        private int count;

        Segments(Chunk chunk) {
            long min = Long.MAX_VALUE;
            long max = Long.MIN_VALUE;
            for (int i = 0; i < chunk.segments; i++) {
                min = Math.min(min, chunk.segmentTs[i]);
                max = Math.max(max, chunk.segmentTs[i]);
            }
            firstTs = min;
            lastTs = max;
        }

        /** {@code count} lines of one stream and time; the last is a piece the next line continues when {@code partial}. */
        void lines(int kind, long ts, int count, boolean partial) {
            if (kind != this.kind || ts != this.ts) {
                flush(0);
                this.kind = kind;
                this.ts = ts;
            }
            this.count += count;
            lines += count;
            streams |= ChunkFormat.streamBit(kind);
            if (partial) {
                flush(ChunkFormat.PARTIAL_LAST);
            }
        }

        private void flush(int flags) {
            if (count == 0) {
                return;
            }
            if (size + 21 > bytes.length) {
                bytes = Arrays.copyOf(bytes, bytes.length * 2);
            }
            bytes[size++] = (byte) (kind | flags);
            size = ChunkFormat.putVarint(bytes, size, count);
            size = ChunkFormat.putVarint(bytes, size, ts - firstTs);
            count = 0;
        }

        byte[] bytes() {
            flush(0);
            return Arrays.copyOf(bytes, size);
        }
    }
}
