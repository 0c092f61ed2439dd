package io.heroproc.logs;

import io.heroproc.process.BlockOutputListener;
import io.heroproc.process.StdStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * The log of one job: gathers its output, as the poller reads it, into {@link Chunk}s for the
 * {@link LogWriter}, with hero-proc's own markers in between. A chunk is sealed when it is full
 * or {@link LogWriter#FLUSH_MILLIS} old, and when the output ends. Lines are not looked at here:
 * a block of lines is one copy.
 *
 * <p>When the job's share of memory is full (it writes faster than its lines are stored), what it
 * writes next goes to a {@link SpillFile}, as fast as the file takes it, and every later block
 * too until the writer has read the file back ({@link #replay}): order is kept, the job is not
 * slowed down by the database. Only when spilling is off, fails, or the file is at its cap do its
 * pipes pause ({@link #accepting}).
 */
public final class JobLog implements BlockOutputListener {

    private static final Logger LOG = Logger.getLogger(JobLog.class);

    private final long jobId;
    private final LogWriter writer;
    private Chunk open;
    private int openStreams = 2;
    private boolean closed;
    /** Files read back before memory, oldest first; the last one is written to while {@link #spilling}. */
    private final ArrayDeque<SpillFile> spills = new ArrayDeque<>();
    private volatile boolean spilling;
    /** Blocks that could not be written to the spill file: read back after it, to keep the order. */
    private final ArrayDeque<byte[]> unspilled = new ArrayDeque<>();
    private volatile boolean spillFailed;
    /** When the last block came (from the pipes: markers do not count). */
    private volatile long lastInput;
    /** The window of {@link #BURST_WINDOW_MILLIS} the pipes' bytes are counted in (poller thread only). */
    private long burstStart;
    private long burstBytes;
    /** When a window last reached {@link #BURST_BYTES}: the job writes faster than a person reads. */
    private volatile long burstAt = Long.MIN_VALUE / 2;
    /** The job's output ended while some was still aside: the last chunk comes after it. */
    private boolean endAfterSpill;
    /** The pipes (stdout, stderr) paused because the spill is full or failed, resumed as it drains. */
    private final java.util.Set<Runnable> spillResumes = new java.util.LinkedHashSet<>(2);
    /** {@link #spillResumes} is not empty: nothing more goes aside until the writer has stored some. */
    private volatile boolean pipesPaused;
    private long lastSpilled;
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
        // After the end, a marker is a one-line log of its own (unless the end waits for the spill).
        boolean after = closed && !endAfterSpill;
        if (after) {
            writer.outputOpened(jobId);
        }
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        put(ChunkFormat.SYSTEM, bytes, 0, bytes.length, false);
        if (after) {
            seal(true);
        }
    }

    @Override
    public void onLines(StdStream stream, byte[] bytes, int offset, int length, boolean continues) {
        long now = System.currentTimeMillis();
        lastInput = now;
        if (now - burstStart >= BURST_WINDOW_MILLIS || now < burstStart) {
            burstStart = now;
            burstBytes = 0;
        }
        burstBytes += length;
        if (burstBytes >= BURST_BYTES) {
            burstAt = now;
        }
        synchronized (this) {
            put(ChunkFormat.kind(stream), bytes, offset, length, continues);
        }
    }

    /** Into memory, or aside while earlier output is aside (or memory is full and a spill file can be had). */
    private void put(int kind, byte[] bytes, int offset, int length, boolean continues) {
        long now = System.currentTimeMillis();
        if (!spilling && spills.isEmpty() && unspilled.isEmpty()) {
            append(kind, now, bytes, offset, length, continues, null, 0);
            return;
        }
        if (spilling && !spillFailed) {
            SpillFile file = spills.peekLast();
            try {
                file.append(kind, continues, now, bytes, offset, length);
                writer.spills().grew(SpillFile.HEADER + length);
                lastSpilled = now;
                return;
            } catch (IOException e) {
                LOG.errorf("cannot write the output of job %d aside (%s); it waits in memory", jobId, e);
                spillFailed = true;
            }
        }
        // Behind what is aside: kept in order, in memory (the pipes pause: accepting() says no).
        byte[] block = new byte[length + 10];
        block[0] = (byte) kind;
        block[1] = (byte) (continues ? 1 : 0);
        java.nio.ByteBuffer.wrap(block, 2, 8).putLong(now);
        System.arraycopy(bytes, offset, block, 10, length);
        unspilled.add(block);
        writer.budget().take(this, length);
        writer.accepted(length);
    }

    @Override
    public void onLine(StdStream stream, byte[] line, boolean partial) {
        onLines(stream, line, 0, line.length, partial);
    }

    @Override
    public boolean accepting(Runnable resume) {
        LogBudget budget = writer.budget();
        synchronized (this) {
            if (!spilling && spills.isEmpty() && unspilled.isEmpty()) {
                if (budget.hasRoom(this)) {
                    return true;
                }
                SpillFile file = spillFailed ? null : writer.spills().create(jobId);
                if (file == null) {
                    return budget.accepting(this, resume);
                }
                spills.add(file);
                spilling = true;
                writer.spilled(this);
                return true;
            }
            if (spilling && !spillFailed && aside() < writer.spills().max() && writer.spills().room()) {
                if (spills.peekLast().written() >= SPILL_FILE_BYTES) {
                    // A long flood rolls over to a new file, so the part read back can be deleted meanwhile.
                    SpillFile file = writer.spills().create(jobId);
                    if (file != null) {
                        spills.add(file);
                    }
                }
                return true;
            }
            if (!spilling && !spillFailed && unspilled.isEmpty()) {
                // Still reading an older file back: this block starts a new one behind it.
                SpillFile file = writer.spills().create(jobId);
                if (file != null) {
                    spills.add(file);
                    spilling = true;
                    return true;
                }
            }
            spillResumes.add(resume);
            pipesPaused = true;
            return false;
        }
    }

    /** Bytes of this log in spill files, not read back yet. */
    private long aside() {
        long bytes = 0;
        for (SpillFile file : spills) {
            bytes += file.pending();
        }
        return bytes;
    }

    /** A spill file is rolled over past this size. */
    static final long SPILL_FILE_BYTES = 64L << 20;

    /**
     * On the writer's thread: moves output that is aside into memory while the job's share has
     * room; once nothing is aside any more, the writer stops asking.
     */
    synchronized void replay() {
        if (replayDueAt() > System.currentTimeMillis()) {
            return;
        }
        LogBudget budget = writer.budget();
        while (!spills.isEmpty() && budget.replayRoom(this)) {
            SpillFile file = spills.peekFirst();
            SpillFile.Block block;
            try {
                block = file.next();
            } catch (IOException e) {
                LOG.errorf("cannot read the output of job %d back from %s (%s); %d bytes of it are lost", jobId,
                        file.path, e, file.pending());
                writer.lost(file.pending());
                writer.spills().shrank(file.pending());
                // Not deleted: what was read from it may not be stored yet; the next start tries the rest again.
                file.retire();
                file.close();
                spills.pollFirst();
                spilling &= !spills.isEmpty();
                continue;
            }
            if (block == null) {
                if (spilling && spills.size() == 1) {
                    spilling = false;
                }
                if (!spilling || spills.size() > 1) {
                    spills.pollFirst();
                    file.retire();
                }
                if (spills.isEmpty()) {
                    break;
                }
                continue;
            }
            writer.spills().shrank(SpillFile.HEADER + block.length());
            append(block.kind(), block.ts(), block.bytes(), 0, block.length(), block.continues(), file, block.end());
        }
        while (spills.isEmpty() && !unspilled.isEmpty() && budget.replayRoom(this)) {
            byte[] b = unspilled.poll();
            writer.budget().give(this, b.length - 10);
            writer.accepted(-(b.length - 10));
            append(b[0], java.nio.ByteBuffer.wrap(b, 2, 8).getLong(), b, 10, b.length - 10, b[1] != 0, null, 0);
        }
        boolean empty = spills.isEmpty() && unspilled.isEmpty();
        if (!spillResumes.isEmpty() && (empty || !spillFailed && aside() < writer.spills().max() / 2)) {
            List<Runnable> resumes = List.copyOf(spillResumes);
            spillResumes.clear();
            pipesPaused = false;
            resumes.forEach(Runnable::run);
        }
        if (empty) {
            writer.unspilled(this);
            if (endAfterSpill) {
                endAfterSpill = false;
                seal(true);
            }
        }
    }

    /**
     * When {@link #replay} has something to do: now (0) if it is due and the share has room, later
     * while the job is still flooding, {@link Long#MAX_VALUE} while the share is full (storing wakes
     * the writer). Reading a flood back while it goes on takes the CPU the flooding program wants:
     * while it writes, its lines are read back once they are {@link #SPILL_LAG_MILLIS} old (or when a
     * lot is aside), so that a burst ends at pipe speed and is stored right after.
     */
    synchronized long replayDueAt() {
        if (!writer.budget().replayRoom(this)) {
            return Long.MAX_VALUE;
        }
        if (!spilling || spills.size() > 1 || spillFailed) {
            return 0;
        }
        SpillFile file = spills.peekLast();
        if (file.pending() >= SPILL_EAGER_BYTES) {
            return 0;
        }
        try {
            long next = file.nextTs();
            return next == 0 ? lastSpilled + SPILL_QUIET_MILLIS
                    : Math.min(lastSpilled + SPILL_QUIET_MILLIS, next + SPILL_LAG_MILLIS);
        } catch (IOException e) {
            return 0;
        }
    }

    /**
     * Whether the job floods (its output came within {@link #SPILL_QUIET_MILLIS} and it comes in a
     * {@link #BURST_BYTES burst}, fills its share, or is already aside) and more of it can go aside: then the writer leaves its chunks in
     * memory while their lines are younger than {@link #SPILL_LAG_MILLIS}. Encoding and storing
     * while the flood goes on takes the CPU the flooding program wants (on two cores a cold writer
     * and its compilations halved a 200 MB flood's speed); what does not fit in memory meanwhile
     * goes aside at pipe speed, and all of it is stored right after.
     */
    boolean flooding(long now) {
        // Held only while more can go aside: with the pipes paused at the spill's cap, holding would
        // leave the writer and the job both idle until the pause is SPILL_QUIET_MILLIS old.
        long since = now - lastInput;
        return since >= 0 && since < SPILL_QUIET_MILLIS && !spillFailed && !pipesPaused
                && writer.spills().room()
                && (spilling || now - burstAt < BURST_WINDOW_MILLIS + SPILL_QUIET_MILLIS
                        || writer.budget().held(this) >= LogBudget.JOB_MAX / 4);
    }

    /**
     * A job is taken for a flood once this many bytes come within {@link #BURST_WINDOW_MILLIS}
     * (20 MB/s), not only once the writer falls behind it: a writer that keeps pace with a burst for
     * its first few hundred milliseconds (and has its code compiled meanwhile) takes most of a core
     * from a two-core machine's flooding program (measured here: the first 350 ms of a 200 MB flood).
     */
    static final long BURST_BYTES = 2L << 20;
    static final long BURST_WINDOW_MILLIS = 100;

    /** A flood that paused this long is read back at once. */
    static final long SPILL_QUIET_MILLIS = 50;
    /** While a flood goes on, its lines are stored about this late. */
    static final long SPILL_LAG_MILLIS = 1000;
    private static final long SPILL_EAGER_BYTES = 256L << 20;

    /** A log of an earlier life: its files are read back and the log ends after them. */
    synchronized void recover(List<SpillFile> files) {
        spills.addAll(files);
        closed = true;
        openStreams = 0;
        endAfterSpill = true;
        writer.spilled(this);
    }

    /** Seals {@code chunk} if it is still the one being filled (the writer's flush timer). */
    synchronized void flush(Chunk chunk) {
        if (open == chunk) {
            seal(false);
        }
    }

    /** Into memory; {@code from}: the spill file the block was read back from, {@code end} the end of its record there. */
    private void append(int kind, long now, byte[] bytes, int offset, int length, boolean continues,
            SpillFile from, long end) {
        while (true) {
            if (open == null) {
                open = writer.newChunk(this, now);
            }
            if (length + 1 <= open.room()) {
                open.append(kind, now, bytes, offset, length, continues);
                if (from != null) {
                    if (open.spill != null && open.spill != from) {
                        if (open.spillsEnded == null) {
                            open.spillsEnded = new java.util.ArrayList<>(2);
                        }
                        open.spillsEnded.add(open.spill);
                    }
                    open.spill = from;
                    open.spillEnd = end;
                }
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
        if (spilling || !spills.isEmpty() || !unspilled.isEmpty()) {
            endAfterSpill = true;
        } else {
            seal(true);
        }
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
