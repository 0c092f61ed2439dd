package io.heroproc.process;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Tells when process groups have emptied, for every waiting stop at once: one scan of
 * {@code /proc} per tick answers all waiters. A scan per waiting stop costs O(stops × processes):
 * stopping 1,000 services that way kept both cores busy reading {@code /proc} for half a minute.
 * The watching thread runs only while someone waits.
 */
final class GroupWatch {

    private static final Logger LOG = Logger.getLogger(GroupWatch.class);
    /** Also the least a stop waits for an answer, so a late check still sees one scan. */
    static final long TICK_MILLIS = 20;
    private static final GroupWatch INSTANCE = new GroupWatch();

    private final Map<CompletableFuture<Void>, ProcessId> waiters = new ConcurrentHashMap<>();
    private boolean watching;

    private GroupWatch() {
    }

    /**
     * Completes once no live (non-zombie) member of the job's group is left, or, for a job that
     * does not lead a group, once the process itself is gone. Cancel it to stop waiting.
     */
    static CompletableFuture<Void> emptied(ProcessId id) {
        return INSTANCE.watch(id);
    }

    private CompletableFuture<Void> watch(ProcessId id) {
        CompletableFuture<Void> emptied = new CompletableFuture<>();
        waiters.put(emptied, id);
        synchronized (this) {
            if (!watching) {
                watching = true;
                Thread.ofPlatform().name("group-watch").daemon().start(this::run);
            }
        }
        return emptied;
    }

    private void run() {
        try {
            while (true) {
                synchronized (this) {
                    waiters.keySet().removeIf(CompletableFuture::isDone);
                    if (waiters.isEmpty()) {
                        watching = false;
                        return;
                    }
                }
                try {
                    scan();
                } catch (RuntimeException e) {
                    LOG.warnf("cannot scan /proc for process groups: %s", e.toString());
                }
                Thread.sleep(TICK_MILLIS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            synchronized (this) {
                watching = false; // the next watch() starts a new thread
            }
        }
    }

    private void scan() {
        Set<Long> groups = ProcStat.liveGroups().keySet();
        waiters.forEach((emptied, id) -> {
            if (id.leadsGroup() ? !groups.contains(id.pgid()) : !ProcStat.isAlive(id)) {
                emptied.complete(null);
            }
        });
    }
}
