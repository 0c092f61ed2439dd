package io.heroproc.logs;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Lines of one job on their way to the database (and, when logs go to stdout, to hero-proc's
 * output): the bytes of the lines, each ended by {@code '\n'}, and their segments (stream, time,
 * continuation), as {@link ChunkFormat} stores them. Filled by its {@link JobLog} under the log's
 * lock, then sealed and only read; its buffer goes back to the pool once every reader released it.
 */
final class Chunk {

    final long jobId;
    /** The log it belongs to (whose share of memory it takes); null for a chunk rewritten by retention. */
    final JobLog log;
    /** When the first byte came: the chunk is sealed {@link LogWriter#FLUSH_MILLIS} later at the latest. */
    final long openedAt;
    /** The last chunk of its job's output: once it is stored, the job's log is complete. */
    boolean last;
    /** The spill file its newest lines were read back from (null: none), and the end of that record in it. */
    SpillFile spill;
    long spillEnd;
    /** Older spill files whose last records it holds (null: none). */
    java.util.List<SpillFile> spillsEnded;

    byte[] text;
    int length;
    int[] segmentEnd = new int[4];
    byte[] segmentKind = new byte[4];
    long[] segmentTs = new long[4];
    int segments;

    private final AtomicInteger holders = new AtomicInteger(1);
    private final ChunkBuffers buffers;

    Chunk(long jobId, JobLog log, long openedAt, ChunkBuffers buffers) {
        this.jobId = jobId;
        this.log = log;
        this.openedAt = openedAt;
        this.buffers = buffers;
        this.text = buffers.small();
    }

    /** Room left for one more block of lines (with its ending '\n'). */
    int room() {
        return ChunkBuffers.LARGE - length;
    }

    /** Appends a block of lines (separated by '\n', the last without it); {@code length + 1 <= room()}. */
    void append(int kind, long ts, byte[] bytes, int offset, int count, boolean continues) {
        ensure(length + count + 1);
        System.arraycopy(bytes, offset, text, length, count);
        length += count;
        text[length++] = '\n';
        int last = segments - 1;
        if (last >= 0 && segmentKind[last] == kind && segmentTs[last] == ts) {
            segmentEnd[last] = length;
        } else {
            if (segments == segmentEnd.length) {
                segmentEnd = Arrays.copyOf(segmentEnd, segments * 2);
                segmentKind = Arrays.copyOf(segmentKind, segments * 2);
                segmentTs = Arrays.copyOf(segmentTs, segments * 2);
            }
            segmentEnd[segments] = length;
            segmentKind[segments] = (byte) kind;
            segmentTs[segments] = ts;
            segments++;
        }
        if (continues) {
            // A partial last line closes its segment: the next block starts a new one.
            segmentKind[segments - 1] |= ChunkFormat.PARTIAL_LAST;
        }
    }

    private void ensure(int capacity) {
        if (capacity > text.length) {
            text = buffers.grow(text, length, capacity);
        }
    }

    boolean isEmpty() {
        return segments == 0;
    }

    /** One more reader (the stdout forwarder) besides the writer. */
    void hold() {
        holders.incrementAndGet();
    }

    /** A reader is done with the bytes; the last one returns the buffer to the pool. */
    boolean release() {
        if (holders.decrementAndGet() == 0) {
            buffers.recycle(text);
            text = null;
            return true;
        }
        return false;
    }
}
