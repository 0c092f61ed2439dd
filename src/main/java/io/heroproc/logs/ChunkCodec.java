package io.heroproc.logs;

import java.util.Arrays;
import java.util.zip.Deflater;

/**
 * Turns a sealed {@link Chunk} into its stored form, on the log writer's thread (its scratch
 * buffers and deflater are not shared): passes over the bytes fill the trigram filter and find
 * the lines, one over the lines writes the segments and cuts lines longer than
 * {@link ChunkFormat#MAX_PIECE} into pieces; then deflate at level 1, kept when it saves an eighth.
 */
final class ChunkCodec {

    /** Chunks smaller than this get no trigram filter: a search reads them whole, which is cheap. */
    static final int BLOOM_MIN_BYTES = 4096;
    private static final int DEFLATE_MIN_BYTES = 128;

    private final Deflater deflater = new Deflater(1, true);
    private final long[] words = new long[1 << (TrigramBloom.MAX_BITS_LOG - 6)];
    private int[] newlines = new int[8192];
    private byte[] out = new byte[ChunkBuffers.LARGE];

    EncodedChunk encode(Chunk chunk, long firstSeq) {
        byte[] text = chunk.text;
        int length = chunk.length;
        int bitsLog = TrigramBloom.bitsLog(length);
        int lines = scan(text, length, length >= BLOOM_MIN_BYTES ? bitsLog : 0);
        byte[] bloom = length >= BLOOM_MIN_BYTES ? TrigramBloom.toBytes(words, bitsLog) : null;
        Segments segments = new Segments(chunk);
        boolean cut = false;
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
                segments.line(kind, ts, true);
                cut = true;
            }
            segments.line(kind, ts, partial);
            start = end + 1;
        }
        byte[] stored = cut ? cutLongLines(text, length, lines) : null;
        int storedLength = cut ? stored.length : length;
        byte[] source = cut ? stored : text;
        int codec = ChunkFormat.RAW;
        byte[] data = null;
        if (storedLength >= DEFLATE_MIN_BYTES) {
            int deflated = deflate(source, storedLength);
            if (deflated > 0) {
                codec = ChunkFormat.DEFLATE;
                data = Arrays.copyOf(out, deflated);
            }
        }
        if (data == null) {
            data = cut ? stored : Arrays.copyOf(text, length);
        }
        return new EncodedChunk(chunk.jobId, firstSeq, segments.lines, segments.firstTs, segments.lastTs,
                segments.streams, storedLength, codec, segments.bytes(), bloom, data);
    }

    /** Finds the line ends (into {@link #newlines}) and, when {@code bitsLog > 0}, fills the filter. */
    private int scan(byte[] text, int length, int bitsLog) {
        if (bitsLog > 0) {
            TrigramBloom.fill(words, bitsLog, text, length);
        }
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

    /** Deflates into {@link #out}; 0 when that would not save an eighth of the bytes. */
    private int deflate(byte[] source, int length) {
        int limit = length - length / 8;
        if (out.length < limit) {
            out = new byte[limit];
        }
        deflater.reset();
        deflater.setInput(source, 0, length);
        deflater.finish();
        int n = 0;
        while (!deflater.finished() && n < limit) {
            n += deflater.deflate(out, n, limit - n);
        }
        return deflater.finished() ? n : 0;
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

        void line(int kind, long ts, boolean partial) {
            if (kind != this.kind || ts != this.ts) {
                flush(0);
                this.kind = kind;
                this.ts = ts;
            }
            count++;
            lines++;
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
