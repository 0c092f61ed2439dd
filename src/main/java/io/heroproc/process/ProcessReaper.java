package io.heroproc.process;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.IntSupplier;

import org.jboss.logging.Logger;

/**
 * The one thread of the JVM that waits for children: {@code waitpid(-1)} in a loop, so every child
 * (ours and the orphans handed to us as subreaper or PID 1) is reaped, and each exit is recorded
 * exactly once. One per JVM, because {@code waitpid(-1)} takes whichever child exits first.
 */
final class ProcessReaper {

    private static final Logger LOG = Logger.getLogger(ProcessReaper.class);
    private static ProcessReaper instance;

    private final Libc libc;
    // Guards `registered` and `spawns`. A spawn registers its pid before releasing the lock and the
    // reaper looks pids up under it, so a child that exits at once is never mistaken for an orphan.
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition spawned = lock.newCondition();
    private final Map<Integer, CompletableFuture<ExitStatus>> registered = new HashMap<>();
    private long spawns;
    private volatile Thread thread;
    private final AtomicLong orphansReaped = new AtomicLong();
    private final List<Consumer<ReapedOrphan>> orphanListeners = new CopyOnWriteArrayList<>();

    private ProcessReaper(Libc libc) {
        this.libc = libc;
    }

    static synchronized ProcessReaper get(Libc libc) {
        if (instance == null) {
            instance = new ProcessReaper(libc);
            instance.becomeSubreaper();
            instance.thread = Thread.ofPlatform().name("process-reaper").daemon().start(instance::run);
        }
        return instance;
    }

    private void becomeSubreaper() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment callState = libc.newCallState(arena);
            if (libc.prctl(callState, Libc.PR_SET_CHILD_SUBREAPER, 1) != 0) {
                LOG.warnf("prctl(PR_SET_CHILD_SUBREAPER) failed (errno %d): orphans will go to init",
                        libc.errno(callState));
            }
        }
    }

    /**
     * Runs {@code spawner} (returns a pid, or a negative value on failure) and registers the pid
     * for {@code exit} before the reaper can look it up.
     */
    int spawn(IntSupplier spawner, CompletableFuture<ExitStatus> exit) {
        lock.lock();
        try {
            int pid = spawner.getAsInt();
            if (pid > 0) {
                registered.put(pid, exit);
                spawns++;
                spawned.signalAll();
            }
            return pid;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Whether {@code pid} is the child of ours that {@code exit} is for, not reaped yet: until then the
     * kernel keeps its pid for it, so it is alive (or a zombie about to be reaped), and no look at
     * {@code /proc} is needed. False when the reaper no longer runs, so that callers look.
     */
    boolean awaitsExit(int pid, CompletableFuture<ExitStatus> exit) {
        Thread t = thread;
        if (t == null || !t.isAlive()) {
            return false;
        }
        lock.lock();
        try {
            return registered.get(pid) == exit;
        } finally {
            lock.unlock();
        }
    }

    void onOrphanReaped(Consumer<ReapedOrphan> listener) {
        orphanListeners.add(listener);
    }

    private volatile boolean stopRequested;

    /** The loop ends after the next reaped child (or at once when there is none). */
    void stopAfterNextExit() {
        lock.lock();
        try {
            stopRequested = true;
            spawned.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void run() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment status = arena.allocate(ValueLayout.JAVA_INT);
            MemorySegment callState = libc.newCallState(arena);
            while (true) {
                long spawnsBefore = spawnCount();
                int pid = libc.waitpid(callState, -1, status, 0);
                if (pid > 0) {
                    reaped(pid, ExitStatus.fromWaitStatus(status.get(ValueLayout.JAVA_INT, 0), Instant.now()));
                    if (stopRequested) {
                        LOG.debug("reaper stopped on request");
                        return;
                    }
                } else if (libc.errno(callState) == Libc.ECHILD) {
                    if (stopRequested) {
                        return;
                    }
                    awaitSpawnAfter(spawnsBefore);
                } else if (libc.errno(callState) != Libc.EINTR) {
                    LOG.errorf("waitpid failed (errno %d); reaper stops", libc.errno(callState));
                    return;
                }
            }
        }
    }

    private long spawnCount() {
        lock.lock();
        try {
            return spawns;
        } finally {
            lock.unlock();
        }
    }

    /** No children: sleep until a spawn, unless one happened since the failed waitpid began. */
    private void awaitSpawnAfter(long spawnsBefore) {
        lock.lock();
        try {
            while (spawns == spawnsBefore && !stopRequested) {
                spawned.awaitUninterruptibly();
            }
        } finally {
            lock.unlock();
        }
    }

    private void reaped(int pid, ExitStatus status) {
        CompletableFuture<ExitStatus> exit;
        lock.lock();
        try {
            exit = registered.remove(pid);
        } finally {
            lock.unlock();
        }
        // Completed on a virtual thread so that dependent stages never hold up reaping.
        if (exit != null) {
            Thread.startVirtualThread(() -> exit.complete(status));
            return;
        }
        long count = orphansReaped.incrementAndGet();
        LOG.infof("reaped orphan pid %d (%s); %d orphans reaped so far", pid, status, count);
        ReapedOrphan orphan = new ReapedOrphan(pid, status);
        for (Consumer<ReapedOrphan> listener : orphanListeners) {
            Thread.startVirtualThread(() -> listener.accept(orphan));
        }
    }
}
