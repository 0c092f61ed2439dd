package io.heroproc.supervisor;

import io.heroproc.model.Job;
import io.heroproc.model.Run;
import io.heroproc.process.ProcessBackend;
import io.heroproc.process.ProcessId;
import io.heroproc.process.Signals;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Deals with what a previous hero-proc left running (it was killed, or crashed). Its jobs' pipes
 * died with it, so their output can no longer be captured: rather than adopt them half-blind,
 * hero-proc stops them (pid + start time checked, so a recycled pid is never hit) and closes
 * their runs; the reconciler then starts fresh runs for what is wanted. Nothing is duplicated.
 */
final class BootRecovery {

    private static final Logger LOG = Logger.getLogger(BootRecovery.class);
    private static final long GRACE_MILLIS = 10_000;

    private final RunStore store;
    private final ProcessBackend backend;

    BootRecovery(RunStore store, ProcessBackend backend) {
        this.store = store;
        this.backend = backend;
    }

    void stopLeftovers() {
        List<Run> open = store.openRuns();
        List<ProcessId> alive = new ArrayList<>();
        for (Run run : open) {
            for (Job job : store.openJobs(run.id)) {
                if (job.pid != null && job.startTicks != null) {
                    ProcessId id = new ProcessId(job.pid, job.pgid, job.startTicks);
                    if (backend.isAlive(id)) {
                        LOG.infof("%s: stopping job %d (pid %d) left by a previous hero-proc", run.service, job.id,
                                job.pid);
                        backend.signal(id, Signals.SIGTERM);
                        alive.add(id);
                    }
                }
            }
        }
        waitGone(alive);
        for (Run run : open) {
            store.closeInterrupted(run.id, "interrupted: hero-proc restarted; its processes were stopped");
        }
    }

    private void waitGone(List<ProcessId> ids) {
        long deadline = System.currentTimeMillis() + GRACE_MILLIS;
        while (ids.stream().anyMatch(backend::isAlive) && System.currentTimeMillis() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        ids.stream().filter(backend::isAlive).forEach(id -> backend.signal(id, Signals.SIGKILL));
    }
}
