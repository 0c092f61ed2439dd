package io.heroproc.logs;

import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Byte buffers of chunks. A chunk starts small (most jobs print a line now and then) and moves to
 * a large buffer when it grows; large buffers are reused, so that a flood of output does not churn
 * the young generation with 400 KiB arrays that live for as long as they wait for the disk.
 */
final class ChunkBuffers {

    /** A chunk is sealed once it reaches this many bytes. */
    static final int TARGET = 256 * 1024;
    /** Its largest size: just under the target, plus one read of the poller, plus a carried piece. */
    static final int LARGE = TARGET + 128 * 1024 + 64 * 1024 + 16;
    private static final int SMALL = 1024;
    private static final int SMALL_MAX = 16 * 1024;
    private static final int POOLED = 48;

    private final BlockingQueue<byte[]> large = new ArrayBlockingQueue<>(POOLED);

    byte[] small() {
        return new byte[SMALL];
    }

    /** A buffer of at least {@code capacity} (at most {@link #LARGE}) holding the first {@code used} bytes of {@code old}. */
    byte[] grow(byte[] old, int used, int capacity) {
        int size = Math.max(capacity, old.length * 2);
        // Past a few lines a chunk is being flooded: straight to a large buffer, no doubling on the way.
        if (size <= SMALL_MAX) {
            return Arrays.copyOf(old, size);
        }
        byte[] buffer = large.poll();
        if (buffer == null) {
            buffer = new byte[LARGE];
        }
        System.arraycopy(old, 0, buffer, 0, used);
        recycle(old);
        return buffer;
    }

    void recycle(byte[] buffer) {
        if (buffer != null && buffer.length == LARGE) {
            large.offer(buffer);
        }
    }
}
