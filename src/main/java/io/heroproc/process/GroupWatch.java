package io.heroproc.process;

import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** Tells when process groups have emptied, from one scan of {@code /proc} per tick for all waiters. */
final class GroupWatch {

    static final long TICK_MILLIS = GoneWatch.TICK_MILLIS;
    private static final GoneWatch<Map<Long, ?>, ProcessId> WATCH = new GoneWatch<>("group-watch",
            ProcStat::liveGroups, (groups, id) -> id.leadsGroup() ? !groups.containsKey(id.pgid())
                    : !ProcStat.isAlive(id));

    private GroupWatch() {
    }

    /**
     * Completes once no live (non-zombie) member of the job's group is left, or, for a job that
     * does not lead a group, once the process itself is gone. Cancel it to stop waiting.
     */
    static CompletableFuture<Void> emptied(ProcessId id) {
        return WATCH.gone(id);
    }
}
