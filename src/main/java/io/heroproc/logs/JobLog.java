package io.heroproc.logs;

import io.heroproc.process.BlockOutputListener;
import io.heroproc.process.StdStream;
import java.nio.charset.StandardCharsets;

/**
 * The log of one job: gathers its output, as the poller reads it, into {@link Chunk}s for the
 * {@link LogWriter}, with hero-proc's own markers in between. A chunk is sealed when it is full
 * or {@link LogWriter#FLUSH_MILLIS} old, and when the output ends. Lines are not looked at here:
 * a block of lines is one copy. When too much of the job's output waits for the disk, its pipes
 * pause ({@link #accepting}).
 */
public final class JobLog implements BlockOutputListener {

    private final long jobId;
    private final LogWriter writer;
    private Chunk open;
    private int openStreams = 2;
    private boolean closed;
    /** Bytes of this log in memory: guarded by the writer's {@link LogBudget}. */
    long held;

    JobLog(long jobId, LogWriter writer) {
        this.jobId = jobId;
        this.writer = writer;
        writer.outputOpened(jobId);
    }

    public long jobId() {
        return jobId;
    }

    /** The job never started: no output will come. */
    public synchronized void abandon() {
        if (openStreams > 0) {
            openStreams = 0;
            close();
        }
    }

    /**
     * Both pipes at EOF: the job (and anything it left behind holding them) has written its last
     * line. Followers wait for this, not just for the exit, which can come first.
     */
    @Override
    public synchronized void onEnd(StdStream stream) {
        if (openStreams > 0 && --openStreams == 0) {
            close();
        }
    }

    /** A line hero-proc adds itself (restarts, stops), on the {@code system} stream; one per line of {@code text}. */
    public synchronized void marker(String text) {
        boolean after = closed;
        if (after) {
            writer.outputOpened(jobId);
        }
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        append(ChunkFormat.SYSTEM, bytes, 0, bytes.length, false);
        if (after) {
            seal(true);
        }
    }

    @Override
    public void onLines(StdStream stream, byte[] bytes, int offset, int length, boolean continues) {
        synchronized (this) {
            append(ChunkFormat.kind(stream), bytes, offset, length, continues);
        }
    }

    @Override
    public void onLine(StdStream stream, byte[] line, boolean partial) {
        onLines(stream, line, 0, line.length, partial);
    }

    @Override
    public boolean accepting(Runnable resume) {
        return writer.budget().accepting(this, resume);
    }

    /** Seals {@code chunk} if it is still the one being filled (the writer's flush timer). */
    synchronized void flush(Chunk chunk) {
        if (open == chunk) {
            seal(false);
        }
    }

    private void append(int kind, byte[] bytes, int offset, int length, boolean continues) {
        long now = System.currentTimeMillis();
        while (true) {
            if (open == null) {
                open = writer.newChunk(this, now);
            }
            if (length + 1 <= open.room()) {
                open.append(kind, now, bytes, offset, length, continues);
                taken(length + 1);
                return;
            }
            if (!open.isEmpty()) {
                seal(false);
                continue;
            }
            // More than a chunk holds (a caller of onLine with a huge line): its lines up to a
            // '\n' that fits, or else a piece marked as continued, then the rest.
            int room = open.room() - 1;
            int cut = lastNewline(bytes, offset, offset + room);
            int head = cut >= 0 ? cut - offset : room;
            open.append(kind, now, bytes, offset, head, cut < 0);
            taken(head + 1);
            offset += cut >= 0 ? head + 1 : head;
            length -= cut >= 0 ? head + 1 : head;
        }
    }

    private void taken(int bytes) {
        writer.budget().take(this, bytes);
        writer.accepted(bytes);
        if (open.length >= ChunkBuffers.TARGET) {
            seal(false);
        }
    }

    private void seal(boolean last) {
        Chunk chunk = open != null ? open : writer.newChunk(this, System.currentTimeMillis());
        open = null;
        chunk.last = last;
        writer.submit(chunk);
    }

    private void close() {
        closed = true;
        seal(true);
    }

    private static int lastNewline(byte[] bytes, int from, int to) {
        for (int i = to - 1; i >= from; i--) {
            if (bytes[i] == '\n') {
                return i;
            }
        }
        return -1;
    }
}
