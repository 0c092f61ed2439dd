package io.heroproc.logs;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How much captured output waits in memory (for the database, and for stdout when logs go there),
 * per job and in all. A job over its share, or any job while the whole is over its limit, has its
 * pipes paused until enough of its output is stored: the job then blocks on its full pipe, as it
 * would writing to a slow disk. One flooding job therefore holds at most {@link #JOB_MAX} and
 * leaves the rest of {@link #TOTAL_MAX} to the others, whose pipes are read on.
 */
final class LogBudget {

    static final long JOB_MAX = 16L << 20;
    static final long TOTAL_MAX = 32L << 20;

    private long total;
    private final Map<JobLog, Set<Runnable>> waiting = new LinkedHashMap<>();

    /** Whether {@code log} may take more; if not, {@code resume} runs once it may. */
    synchronized boolean accepting(JobLog log, Runnable resume) {
        if (log.held < JOB_MAX && total < TOTAL_MAX) {
            return true;
        }
        waiting.computeIfAbsent(log, k -> new LinkedHashSet<>(2)).add(resume);
        return false;
    }

    /** Whether {@code log} may take more now (nothing is registered when it may not). */
    synchronized boolean hasRoom(JobLog log) {
        return log.held < JOB_MAX && total < TOTAL_MAX;
    }

    /**
     * Whether output of {@code log} that is aside may come back into memory: within its share, and
     * within the whole unless it holds almost nothing (so that one flood cannot starve the others).
     */
    synchronized boolean replayRoom(JobLog log) {
        return log.held < JOB_MAX && (total < TOTAL_MAX || log.held < JOB_MAX / 64);
    }

    synchronized long held(JobLog log) {
        return log.held;
    }

    synchronized void take(JobLog log, long bytes) {
        log.held += bytes;
        total += bytes;
    }

    /**
     * Bytes of {@code log} left memory. Paused logs resume once they are down to half their share
     * and the whole to three quarters (a pipe paused and resumed for every chunk would thrash).
     */
    void give(JobLog log, long bytes) {
        List<Runnable> resume = new ArrayList<>();
        synchronized (this) {
            if (log != null) {
                log.held -= bytes;
            }
            total -= bytes;
            if (!waiting.isEmpty() && total <= TOTAL_MAX / 4 * 3) {
                var entries = waiting.entrySet().iterator();
                while (entries.hasNext()) {
                    var e = entries.next();
                    if (e.getKey().held <= JOB_MAX / 2) {
                        resume.addAll(e.getValue());
                        entries.remove();
                    }
                }
            }
        }
        resume.forEach(Runnable::run);
    }

    synchronized long total() {
        return total;
    }
}
