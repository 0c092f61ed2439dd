package io.heroproc.process;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.jboss.logging.Logger;

/**
 * Drains the output pipes of every job on one thread, with epoll. It replaced two reader threads
 * per job: at 1,000 jobs those 2,000 threads held about 900 MB of stacks and buffers, and each
 * pipe's shared FFM arena, closed at EOF, made the JVM handshake with every thread, which stalled
 * the supervisor for seconds while jobs stopped.
 *
 * <p>Pipes are level-triggered and read at most {@link #READS_PER_WAKEUP} buffers per wakeup, so
 * one chatty job cannot starve the others. A pipe that is found full is grown to
 * {@link #PIPE_BYTES}: a chatty job then blocks less often on it (measured here: a child writing
 * 64 KiB at a time got 1.7 to 2 times its throughput). A {@link BlockOutputListener} that cannot
 * take more has its pipes taken out of the epoll set until it says it can again: that job blocks
 * on its full pipe (back-pressure, nothing lost) while every other job is read on. Listeners must
 * not block: a blocking listener would stall every pipe.
 */
final class OutputPoller {

    private static final Logger LOG = Logger.getLogger(OutputPoller.class);
    private static final int MAX_EVENTS = 256;
    /** A grown pipe's worth: a flooding pipe is drained in one turn (see {@link #COALESCE_NANOS}). */
    private static final int READS_PER_WAKEUP = 8;
    private static final int READ_BYTES = 128 * 1024;
    /** What a pipe found full grows to: the default maximum of /proc/sys/fs/pipe-max-size. */
    static final int PIPE_BYTES = 1024 * 1024;
    private static final int DEFAULT_PIPE_BYTES = 64 * 1024;
    private static final int F_SETPIPE_SZ = 1031;
    private static final long CLOSE_GRACE_NANOS = TimeUnit.SECONDS.toNanos(5);
    /**
     * How long the poller lets a flooding pipe fill before it reads again. Woken by every write of a
     * flooding program (a pipe write wakes its reader "synchronously", which puts the reader on the
     * writer's CPU when the other one is busy), the poller preempted the program about 2,000 times
     * in a 200 MB flood (measured here with {@code perf sched}: the program's involuntary context
     * switches, next to about ten into {@code cat}). Sleeping this long between turns instead lets
     * a grown pipe take the writes meanwhile (1 MiB holds 3 ms of a 300 MB/s flood), and the poller
     * wakes on its own CPU from a timer. Only grown pipes are left to fill: a 64 KiB one would block
     * its writer.
     */
    static final long COALESCE_NANOS = TimeUnit.MICROSECONDS.toNanos(1000);
    /** A pipe floods when this much comes within {@link #FLOOD_WINDOW_NANOS} (25 MB/s). */
    private static final long FLOOD_BYTES = 256 * 1024;
    private static final long FLOOD_WINDOW_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    private final Libc libc;
    private final int epoll;
    private final int wakeup;
    private final Map<Integer, Pipe> pipes = new ConcurrentHashMap<>();
    /** Paused pipes whose listener can take more again: put back into the epoll set by the poller thread. */
    private final Queue<Pipe> resumed = new ConcurrentLinkedQueue<>();
    private volatile long closeDeadline;
    /** Turns after which the poller let flooding pipes fill ({@link #COALESCE_NANOS}): for the tests. */
    private final AtomicLong turns = new AtomicLong();
    private volatile boolean closing;

    /** A job's pipe; {@code paused}, {@code grown}: touched only on the poller thread. */
    private final class Pipe {
        final long pid;
        final StdStream stream;
        final int fd;
        final OutputSplitter lines;
        final OutputListener listener;
        final BlockOutputListener flow;
        final Runnable resume = () -> resume(this);
        boolean paused;
        boolean grown;
        /** The pipe's size, once it was grown. */
        int capacity = DEFAULT_PIPE_BYTES;
        /**
         * Bytes read in the window that started at {@code windowStart}; {@code flooding}: this
         * window or the one before it reached {@link #FLOOD_BYTES} (poller thread only).
         */
        long windowStart;
        long windowBytes;
        boolean flooding;

        void window(long read) {
            long now = System.nanoTime();
            if (now - windowStart >= FLOOD_WINDOW_NANOS) {
                // The window just ended says, unless nothing came for longer than a window since.
                flooding = windowBytes >= FLOOD_BYTES && now - windowStart < 2 * FLOOD_WINDOW_NANOS;
                windowStart = now;
                windowBytes = 0;
            }
            windowBytes += read;
            flooding |= windowBytes >= FLOOD_BYTES;
        }

        Pipe(long pid, StdStream stream, int fd, OutputListener listener) {
            this.pid = pid;
            this.stream = stream;
            this.fd = fd;
            this.lines = OutputSplitter.of(stream, listener, pid);
            this.listener = listener;
            this.flow = listener instanceof BlockOutputListener blocks ? blocks : null;
        }
    }

    OutputPoller(Libc libc) {
        this.libc = libc;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment callState = libc.newCallState(arena);
            epoll = libc.epollCreate1(callState, Libc.EPOLL_CLOEXEC);
            if (epoll < 0) {
                throw new IllegalStateException("epoll_create1 failed: errno " + libc.errno(callState));
            }
            wakeup = libc.eventfd(callState, 0, Libc.EFD_CLOEXEC | Libc.EFD_NONBLOCK);
            if (wakeup < 0) {
                throw new IllegalStateException("eventfd failed: errno " + libc.errno(callState));
            }
        }
        watch(wakeup);
        Thread.ofPlatform().name("output-poller").daemon().start(this::run);
    }

    /**
     * Reads {@code fd} (the parent's end of a job's pipe; this poller closes it) until EOF, in
     * blocks or line by line into {@code listener}, then calls {@code listener.onEnd(stream)}.
     */
    void add(long pid, StdStream stream, int fd, OutputListener listener) {
        Pipe pipe = new Pipe(pid, stream, fd, listener);
        pipes.put(fd, pipe);
        try {
            setNonBlocking(fd);
            watch(fd);
        } catch (IllegalStateException e) {
            LOG.errorf("cannot watch the %s of pid %d: %s; its output is lost", stream, pid, e.getMessage());
            end(pipe);
        }
    }

    /** Stops once every pipe has reached EOF (or after a grace period): the jobs are gone. */
    void close() {
        closeDeadline = System.nanoTime() + CLOSE_GRACE_NANOS;
        closing = true;
        wake();
    }

    long turns() {
        return turns.get();
    }

    /** A paused pipe's listener can take more: the poller thread watches the pipe again. */
    private void resume(Pipe pipe) {
        resumed.add(pipe);
        wake();
    }

    private void wake() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment one = arena.allocate(JAVA_LONG_UNALIGNED);
            one.set(JAVA_LONG_UNALIGNED, 0, 1L);
            libc.write(libc.newCallState(arena), wakeup, one, 8);
        }
    }

    private void setNonBlocking(int fd) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment callState = libc.newCallState(arena);
            int flags = libc.fcntl(callState, fd, Libc.F_GETFL, 0);
            if (flags < 0 || libc.fcntl(callState, fd, Libc.F_SETFL, flags | Libc.O_NONBLOCK) < 0) {
                throw new IllegalStateException("fcntl(" + fd + ") failed: errno " + libc.errno(callState));
            }
        }
    }

    private void watch(int fd) {
        control(Libc.EPOLL_CTL_ADD, fd);
    }

    private void control(int op, int fd) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment event = arena.allocate(Libc.EPOLL_EVENT_BYTES, 8);
            event.set(JAVA_INT, 0, Libc.EPOLLIN);
            event.set(JAVA_LONG_UNALIGNED, Libc.EPOLL_DATA_OFFSET, fd);
            MemorySegment callState = libc.newCallState(arena);
            if (libc.epollCtl(callState, epoll, op, fd, event) != 0) {
                throw new IllegalStateException("epoll_ctl(" + op + ", " + fd + ") failed: errno "
                        + libc.errno(callState));
            }
        }
    }

    /**
     * Out of the epoll set until its listener can take more (a level-triggered pipe left in the set
     * would wake the poller again at once, and a hung-up one even with no events asked for).
     */
    private void pause(Pipe pipe) {
        control(Libc.EPOLL_CTL_DEL, pipe.fd);
        pipe.paused = true;
    }

    private void resumePaused() {
        Pipe pipe;
        while ((pipe = resumed.poll()) != null) {
            if (pipe.paused && pipes.get(pipe.fd) == pipe) {
                pipe.paused = false;
                try {
                    watch(pipe.fd);
                } catch (IllegalStateException e) {
                    LOG.errorf("cannot watch the %s of pid %d again: %s; the rest of it is lost", pipe.stream,
                            pipe.pid, e.getMessage());
                    end(pipe);
                }
            }
        }
    }

    /** Grows a pipe found full (best effort: an unprivileged user may be over its pipe quota). */
    private void grow(Pipe pipe, MemorySegment callState) {
        pipe.grown = true;
        int size = libc.fcntl(callState, pipe.fd, F_SETPIPE_SZ, PIPE_BYTES);
        if (size < 0) {
            LOG.debugf("cannot grow the %s pipe of pid %d: errno %d", pipe.stream, pipe.pid, libc.errno(callState));
        } else {
            pipe.capacity = size;
        }
    }

    private void run() {
        // Confined to this thread: closing it needs no handshake with the other threads.
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment events = arena.allocate(Libc.EPOLL_EVENT_BYTES * MAX_EVENTS, 8);
            MemorySegment buffer = arena.allocate(READ_BYTES);
            MemorySegment callState = libc.newCallState(arena);
            byte[] bytes = new byte[READ_BYTES];
            while (!closing || (!pipes.isEmpty() && System.nanoTime() < closeDeadline)) {
                int ready = libc.epollWait(callState, epoll, events, MAX_EVENTS, closing ? 100 : -1);
                if (ready < 0) {
                    if (libc.errno(callState) == Libc.EINTR) {
                        continue;
                    }
                    LOG.errorf("epoll_wait failed: errno %d; job output is no longer read", libc.errno(callState));
                    return;
                }
                boolean flooded = false;
                for (int i = 0; i < ready; i++) {
                    int fd = (int) events.get(JAVA_LONG_UNALIGNED, i * Libc.EPOLL_EVENT_BYTES + Libc.EPOLL_DATA_OFFSET);
                    if (fd == wakeup) {
                        libc.read(callState, wakeup, buffer, 8);
                        resumePaused();
                        continue;
                    }
                    Pipe pipe = pipes.get(fd);
                    if (pipe != null) {
                        flooded |= pump(pipe, buffer, bytes, callState);
                    }
                }
                if (flooded && !closing) {
                    turns.incrementAndGet();
                    LockSupport.parkNanos(COALESCE_NANOS);
                }
            }
        } catch (RuntimeException | Error e) {
            LOG.error("the output poller failed; job output is no longer read", e);
        } finally {
            pipes.values().forEach(this::end);
            libc.close(wakeup);
            libc.close(epoll);
        }
    }

    /**
     * Reads what the pipe holds, up to {@link #READS_PER_WAKEUP} buffers; true when the pipe floods
     * (more than {@link #FLOOD_BYTES} within {@link #FLOOD_WINDOW_NANOS}) and is a grown one: then
     * it may be left to fill for a while.
     */
    private boolean pump(Pipe pipe, MemorySegment buffer, byte[] bytes, MemorySegment callState) {
        long read = 0;
        try {
            for (int reads = 0; reads < READS_PER_WAKEUP; reads++) {
                if (pipe.flow != null && !accepting(pipe)) {
                    pause(pipe);
                    return false;
                }
                long n = libc.read(callState, pipe.fd, buffer, buffer.byteSize());
                if (n > 0) {
                    read += n;
                    MemorySegment.copy(buffer, JAVA_BYTE, 0, bytes, 0, (int) n);
                    pipe.lines.accept(bytes, 0, (int) n);
                    if (!pipe.grown && n >= DEFAULT_PIPE_BYTES) {
                        grow(pipe, callState);
                    }
                    if (n < buffer.byteSize()) {
                        break;
                    }
                } else if (n == 0) {
                    end(pipe);
                    return false;
                } else {
                    int errno = libc.errno(callState);
                    if (errno == Libc.EAGAIN) {
                        break;
                    }
                    if (errno != Libc.EINTR) {
                        LOG.warnf("reading the %s of pid %d failed: errno %d; the rest of it is lost",
                                pipe.stream, pipe.pid, errno);
                        end(pipe);
                        return false;
                    }
                }
            }
        } finally {
            pipe.window(read);
        }
        if (!pipe.flooding) {
            return false;
        }
        if (!pipe.grown) {
            grow(pipe, callState);
        }
        return pipe.capacity >= PIPE_BYTES;
    }

    private static boolean accepting(Pipe pipe) {
        try {
            return pipe.flow.accepting(pipe.resume);
        } catch (RuntimeException e) {
            LOG.warnf(e, "output listener of pid %d failed to say whether it accepts output; reading on", pipe.pid);
            return true;
        }
    }

    /** EOF: forget the pipe before closing it, so a new pipe may reuse the number at once. */
    private void end(Pipe pipe) {
        if (pipes.remove(pipe.fd, pipe)) {
            // Closing the last descriptor of the pipe also removes it from the epoll set.
            libc.close(pipe.fd);
            pipe.lines.finish();
            try {
                pipe.listener.onEnd(pipe.stream);
            } catch (RuntimeException e) {
                LOG.warnf(e, "output listener of pid %d failed at end of %s", pipe.pid, pipe.stream);
            }
        }
    }
}
