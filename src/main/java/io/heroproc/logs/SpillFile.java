package io.heroproc.logs;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One job's output written aside while the database is behind (a flood, a slow disk): the blocks
 * as the poller read them, each as a record {@code kind(1) continues(1) ts(8) length(4) bytes},
 * appended on the poller's thread and read back, in order, by the log writer as memory frees up.
 * Named {@code <job id>.<generation>}; the {@code log_spills} row of the job says up to where it is
 * stored, in the same transaction as the chunks that hold it (what a restart replays from).
 */
final class SpillFile {

    static final int HEADER = 14;

    /** A record read back: its bytes are the file's read buffer until the next read. */
    record Block(int kind, boolean continues, long ts, byte[] bytes, int length, long end) {
    }

    final long jobId;
    final long generation;
    final Path path;
    /**
     * Written through with plain {@code write} calls on the poller thread: a {@link FileChannel}'s
     * gathering write, with its temporary direct buffers, was most of the poller's own work in a
     * flood, and ran interpreted through a first flood. Read back through {@link #channel}, at
     * explicit positions.
     */
    private final RandomAccessFile out;
    private final FileChannel channel;
    private final byte[] header = new byte[HEADER];
    /** A write failed: the file pointer is moved back to {@link #written} before the next one. */
    private boolean reposition;
    private final ByteBuffer readHeader = ByteBuffer.allocate(HEADER);
    private byte[] readBuffer = new byte[64 * 1024];
    /** End of the last whole record (written on the poller's thread, read under the log's lock). */
    private long written;
    private long read;
    /** Up to where chunks holding its records are stored (guarded by this). */
    private long storedTo;
    private boolean retired;
    private boolean deleted;

    private SpillFile(long jobId, long generation, Path path, RandomAccessFile out) {
        this.jobId = jobId;
        this.generation = generation;
        this.path = path;
        this.out = out;
        this.channel = out.getChannel();
    }

    static SpillFile create(Path dir, long jobId, long generation) throws IOException {
        Files.createDirectories(dir);
        Path path = dir.resolve(jobId + "." + generation);
        RandomAccessFile out = new RandomAccessFile(path.toFile(), "rw");
        try {
            out.setLength(0);
        } catch (IOException e) {
            out.close();
            throw e;
        }
        return new SpillFile(jobId, generation, path, out);
    }

    /** A file left by an earlier life, read from {@code from}; a torn last record (a crash mid-write) is not read. */
    static SpillFile reopen(Path path, long jobId, long generation, long from) throws IOException {
        SpillFile file = new SpillFile(jobId, generation, path, new RandomAccessFile(path.toFile(), "rw"));
        try {
            file.written = file.wholeRecordsEnd(file.channel.size());
        } catch (IOException | RuntimeException e) {
            file.out.close();
            throw e;
        }
        file.reposition = true;
        file.read = Math.min(from, file.written);
        file.storedTo = file.read;
        return file;
    }

    private long wholeRecordsEnd(long size) throws IOException {
        long at = 0;
        while (at + HEADER <= size) {
            readHeader.clear();
            readFully(readHeader, at);
            int length = readHeader.getInt(10);
            long end = at + HEADER + length;
            if (length < 0 || end > size) {
                // Torn by a crash (or not a record at all): nothing from here on is read.
                break;
            }
            at = end;
        }
        return at;
    }

    void append(int kind, boolean continues, long ts, byte[] bytes, int offset, int length) throws IOException {
        header[0] = (byte) kind;
        header[1] = (byte) (continues ? 1 : 0);
        ByteBuffer.wrap(header, 2, 12).putLong(ts).putInt(length);
        long at = written;
        try {
            if (reposition) {
                out.seek(at);
                reposition = false;
            }
            out.write(header);
            out.write(bytes, offset, length);
        } catch (IOException e) {
            reposition = true;
            try {
                out.setLength(at);
            } catch (IOException again) {
                e.addSuppressed(again);
            }
            throw e;
        }
        written = at + HEADER + length;
    }

    /** The next record, or null when every whole record has been read. */
    Block next() throws IOException {
        if (read >= written) {
            return null;
        }
        readHeader.clear();
        readFully(readHeader, read);
        int kind = readHeader.get(0);
        boolean continues = readHeader.get(1) != 0;
        long ts = readHeader.getLong(2);
        int length = readHeader.getInt(10);
        if (readBuffer.length < length) {
            readBuffer = new byte[length];
        }
        readFully(ByteBuffer.wrap(readBuffer, 0, length), read + HEADER);
        read += HEADER + length;
        return new Block(kind, continues, ts, readBuffer, length, read);
    }

    private void readFully(ByteBuffer buffer, long at) throws IOException {
        while (buffer.hasRemaining()) {
            int n = channel.read(buffer, at + buffer.position());
            if (n < 0) {
                throw new IOException("spill file " + path + " ends inside a record");
            }
        }
    }

    /** When the next record to read came (0: none). */
    long nextTs() throws IOException {
        if (read >= written) {
            return 0;
        }
        readHeader.clear();
        readFully(readHeader, read);
        return readHeader.getLong(2);
    }

    /** Bytes written and not read back yet. */
    long pending() {
        return written - read;
    }

    long written() {
        return written;
    }

    /** Read to its end and no longer written: deleted once the chunks holding it are stored. */
    synchronized void retire() {
        retired = true;
        deleteIfDone();
    }

    /** Chunks holding its records up to {@code end} are stored. */
    synchronized void stored(long end) {
        storedTo = Math.max(storedTo, end);
        deleteIfDone();
    }

    private void deleteIfDone() {
        if (retired && storedTo >= written) {
            delete();
        }
    }

    /** Closed, left on disk (unreadable now: the next start tries what is left of it again). */
    synchronized void close() {
        try {
            out.close();
        } catch (IOException e) {
            // Nothing to keep: it is only read again at the next start.
        }
    }

    /** Gone, with what it held (stored, or given up as unreadable). */
    synchronized void delete() {
        if (deleted) {
            return;
        }
        deleted = true;
        try {
            out.close();
            Files.deleteIfExists(path);
        } catch (IOException e) {
            // Left behind, it is found stored by its mark at the next start and deleted then.
        }
    }
}
