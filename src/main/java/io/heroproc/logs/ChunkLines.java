package io.heroproc.logs;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/** The lines of one stored chunk, decoded for reading: text, and per line its stream, time and mark. */
final class ChunkLines {

    /** The columns a reader selects to decode a chunk, in this order. */
    static final String COLUMNS = "c.id, c.job_id, c.seq0, c.first_seq, c.first_ts, c.codec, c.raw_bytes, c.meta, c.data";

    final long chunkId;
    final long jobId;
    private final long seq0;
    private final long firstSeq;
    final byte[] text;
    /** Where each line starts; one more entry: past the end. */
    private final int[] starts;
    private final byte[] kinds;
    private final long[] times;

    private ChunkLines(long chunkId, long jobId, long seq0, long firstSeq, byte[] text, int[] starts, byte[] kinds,
            long[] times) {
        this.chunkId = chunkId;
        this.jobId = jobId;
        this.seq0 = seq0;
        this.firstSeq = firstSeq;
        this.text = text;
        this.starts = starts;
        this.kinds = kinds;
        this.times = times;
    }

    static ChunkLines decode(long chunkId, long jobId, long seq0, long firstSeq, long firstTs, int codec, int rawBytes,
            byte[] meta, byte[] data) {
        byte[] text = switch (codec) {
            case ChunkFormat.LZ4 -> Lz4.decompress(data, rawBytes);
            case ChunkFormat.DEFLATE -> inflate(data, rawBytes);
            default -> data;
        };
        int lines = 0;
        for (int i = 0; i < rawBytes; i++) {
            if (text[i] == '\n') {
                lines++;
            }
        }
        int[] starts = new int[lines + 1];
        int n = 0;
        for (int i = 0; i < rawBytes; i++) {
            if (text[i] == '\n') {
                starts[++n] = i + 1;
            }
        }
        byte[] kinds = new byte[lines];
        long[] times = new long[lines];
        int[] pos = {0};
        int line = 0;
        while (pos[0] < meta.length && line < lines) {
            int kind = meta[pos[0]++];
            int count = (int) ChunkFormat.getVarint(meta, pos);
            long ts = firstTs + ChunkFormat.getVarint(meta, pos);
            int end = Math.min(lines, line + count);
            Arrays.fill(kinds, line, end, (byte) (kind & ChunkFormat.STREAM_MASK));
            Arrays.fill(times, line, end, ts);
            if ((kind & ChunkFormat.PARTIAL_LAST) != 0) {
                kinds[end - 1] |= ChunkFormat.PARTIAL_LAST;
            }
            line = end;
        }
        return new ChunkLines(chunkId, jobId, seq0, firstSeq, text, starts, kinds, times);
    }

    private static byte[] inflate(byte[] data, int rawBytes) {
        Inflater inflater = new Inflater(true);
        try {
            inflater.setInput(data);
            byte[] text = new byte[rawBytes];
            int n = 0;
            while (n < rawBytes && !inflater.finished()) {
                int got = inflater.inflate(text, n, rawBytes - n);
                if (got == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    throw new IllegalStateException("truncated log chunk");
                }
                n += got;
            }
            return text;
        } catch (DataFormatException e) {
            throw new IllegalStateException("corrupt log chunk: " + e.getMessage(), e);
        } finally {
            inflater.end();
        }
    }

    int lines() {
        return kinds.length;
    }

    long seq(int line) {
        return firstSeq + line;
    }

    /** The line's id: orders lines across the jobs of a run (its chunk's id, then its place in it). */
    long id(int line) {
        return ChunkFormat.lineId(chunkId, firstSeq - seq0 + line);
    }

    long ts(int line) {
        return times[line];
    }

    int kind(int line) {
        return kinds[line] & ChunkFormat.STREAM_MASK;
    }

    boolean partial(int line) {
        return (kinds[line] & ChunkFormat.PARTIAL_LAST) != 0;
    }

    int start(int line) {
        return starts[line];
    }

    /** Length without the '\n'. */
    int length(int line) {
        return starts[line + 1] - 1 - starts[line];
    }

    /** The line that holds byte {@code offset} of the text. */
    int lineAt(int offset) {
        int i = Arrays.binarySearch(starts, offset);
        return i >= 0 ? i : -i - 2;
    }

    LogEntry entry(int line, String action) {
        int start = starts[line];
        int length = length(line);
        String text = new String(this.text, start, length, StandardCharsets.UTF_8);
        String base64 = null;
        if (!ascii(start, length)) {
            // Valid UTF-8 decodes and encodes back to the same bytes; anything else was replaced.
            byte[] again = text.getBytes(StandardCharsets.UTF_8);
            if (!Arrays.equals(again, 0, again.length, this.text, start, start + length)) {
                base64 = Base64.getEncoder().encodeToString(Arrays.copyOfRange(this.text, start, start + length));
            }
        }
        return new LogEntry(id(line), jobId, action, seq(line), Instant.ofEpochMilli(times[line]),
                ChunkFormat.streamName(kinds[line]), text, partial(line) ? Boolean.TRUE : null, base64);
    }

    private boolean ascii(int start, int length) {
        for (int i = start; i < start + length; i++) {
            if (text[i] < 0) {
                return false;
            }
        }
        return true;
    }
}
