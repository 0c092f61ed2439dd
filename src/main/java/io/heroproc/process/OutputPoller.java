package io.heroproc.process;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Drains the output pipes of every job on one thread, with epoll. It replaced two reader threads
 * per job: at 1,000 jobs those 2,000 threads held about 900 MB of stacks and buffers, and each
 * pipe's shared FFM arena, closed at EOF, made the JVM handshake with every thread, which stalled
 * the supervisor for seconds while jobs stopped.
 *
 * <p>Pipes are level-triggered and read at most {@link #READS_PER_WAKEUP} buffers per wakeup, so
 * one chatty job cannot starve the others. A listener that blocks (the log writer pushing back)
 * blocks all pipes: jobs then block on full pipes, and no output is lost.
 */
final class OutputPoller {

    private static final Logger LOG = Logger.getLogger(OutputPoller.class);
    private static final int MAX_EVENTS = 256;
    private static final int READS_PER_WAKEUP = 4;
    private static final long CLOSE_GRACE_NANOS = TimeUnit.SECONDS.toNanos(5);

    private final Libc libc;
    private final int epoll;
    private final int wakeup;
    private final Map<Integer, Pipe> pipes = new ConcurrentHashMap<>();
    private volatile long closeDeadline;
    private volatile boolean closing;

    private record Pipe(long pid, StdStream stream, int fd, LineSplitter lines, OutputListener listener) {
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
     * Reads {@code fd} (the parent's end of a job's pipe; this poller closes it) until EOF, line
     * by line into {@code listener}, then calls {@code listener.onEnd(stream)}.
     */
    void add(long pid, StdStream stream, int fd, OutputListener listener) {
        Pipe pipe = new Pipe(pid, stream, fd, new LineSplitter(stream, PipeReader.guarded(pid, listener)), listener);
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
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment event = arena.allocate(Libc.EPOLL_EVENT_BYTES, 8);
            event.set(JAVA_INT, 0, Libc.EPOLLIN);
            event.set(JAVA_LONG_UNALIGNED, Libc.EPOLL_DATA_OFFSET, fd);
            MemorySegment callState = libc.newCallState(arena);
            if (libc.epollCtl(callState, epoll, Libc.EPOLL_CTL_ADD, fd, event) != 0) {
                throw new IllegalStateException("epoll_ctl(ADD, " + fd + ") failed: errno " + libc.errno(callState));
            }
        }
    }

    private void run() {
        // Confined to this thread: closing it needs no handshake with the other threads.
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment events = arena.allocate(Libc.EPOLL_EVENT_BYTES * MAX_EVENTS, 8);
            MemorySegment buffer = arena.allocate(LineSplitter.MAX_LINE);
            MemorySegment callState = libc.newCallState(arena);
            byte[] bytes = new byte[LineSplitter.MAX_LINE];
            while (!closing || (!pipes.isEmpty() && System.nanoTime() < closeDeadline)) {
                int ready = libc.epollWait(callState, epoll, events, MAX_EVENTS, closing ? 100 : -1);
                if (ready < 0) {
                    if (libc.errno(callState) == Libc.EINTR) {
                        continue;
                    }
                    LOG.errorf("epoll_wait failed: errno %d; job output is no longer read", libc.errno(callState));
                    return;
                }
                for (int i = 0; i < ready; i++) {
                    int fd = (int) events.get(JAVA_LONG_UNALIGNED, i * Libc.EPOLL_EVENT_BYTES + Libc.EPOLL_DATA_OFFSET);
                    if (fd == wakeup) {
                        libc.read(callState, wakeup, buffer, 8);
                        continue;
                    }
                    Pipe pipe = pipes.get(fd);
                    if (pipe != null) {
                        pump(pipe, buffer, bytes, callState);
                    }
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

    private void pump(Pipe pipe, MemorySegment buffer, byte[] bytes, MemorySegment callState) {
        for (int reads = 0; reads < READS_PER_WAKEUP; reads++) {
            long n = libc.read(callState, pipe.fd(), buffer, buffer.byteSize());
            if (n > 0) {
                MemorySegment.copy(buffer, JAVA_BYTE, 0, bytes, 0, (int) n);
                pipe.lines().accept(bytes, 0, (int) n);
                if (n < buffer.byteSize()) {
                    return;
                }
            } else if (n == 0) {
                end(pipe);
                return;
            } else {
                int errno = libc.errno(callState);
                if (errno == Libc.EAGAIN) {
                    return;
                }
                if (errno != Libc.EINTR) {
                    LOG.warnf("reading the %s of pid %d failed: errno %d; the rest of it is lost",
                            pipe.stream(), pipe.pid(), errno);
                    end(pipe);
                    return;
                }
            }
        }
    }

    /** EOF: forget the pipe before closing it, so a new pipe may reuse the number at once. */
    private void end(Pipe pipe) {
        if (pipes.remove(pipe.fd(), pipe)) {
            // Closing the last descriptor of the pipe also removes it from the epoll set.
            libc.close(pipe.fd());
            pipe.lines().finish();
            try {
                pipe.listener().onEnd(pipe.stream());
            } catch (RuntimeException e) {
                LOG.warnf(e, "output listener of pid %d failed at end of %s", pipe.pid(), pipe.stream());
            }
        }
    }
}
