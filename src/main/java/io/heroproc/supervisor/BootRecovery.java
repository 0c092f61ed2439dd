package io.heroproc.supervisor;

import io.heroproc.model.Run;
import io.heroproc.process.JobMembers;
import io.heroproc.process.JobProcesses;
import io.heroproc.process.Signals;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Deals with what a previous hero-proc left running (it was killed, or crashed). Its jobs' pipes
 * died with it, so their output can no longer be captured: rather than adopt them half-blind,
 * hero-proc stops them and closes their runs; the reconciler then starts fresh runs for what is
 * wanted. Every process a job of this instance started is found, whatever the database says: by
 * its cgroup or by the marks in its environment (see {@link io.heroproc.process.Containment}),
 * so even one spawned an instant before the crash, whose job row never reached the database, is
 * stopped. Nothing is duplicated, nothing is left stray.
 */
final class BootRecovery {

    private static final Logger LOG = Logger.getLogger(BootRecovery.class);
    private static final Duration GRACE = Duration.ofSeconds(10);

    private final RunStore store;
    private final JobProcesses processes;

    BootRecovery(RunStore store, JobProcesses processes) {
        this.store = store;
        this.processes = processes;
    }

    void stopLeftovers() {
        Map<Long, JobMembers> left = processes.members();
        List<CompletableFuture<Integer>> stops = new ArrayList<>();
        left.forEach((job, members) -> {
            LOG.infof("stopping job %d (pids %s), left running by a previous hero-proc", job, members.pids());
            stops.add(processes.stopLeftovers(job, Signals.SIGTERM, GRACE));
        });
        for (CompletableFuture<Integer> stop : stops) {
            try {
                stop.get(GRACE.toSeconds() + 10, TimeUnit.SECONDS);
            } catch (Exception e) {
                LOG.warnf("stopping what a previous hero-proc left: %s", e.toString());
            }
        }
        for (Run run : store.openRuns()) {
            store.closeInterrupted(run.id, "interrupted: hero-proc restarted; its processes were stopped");
        }
    }
}
