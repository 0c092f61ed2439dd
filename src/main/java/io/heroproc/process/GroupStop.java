package io.heroproc.process;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.ObjIntConsumer;

import org.jboss.logging.Logger;

/**
 * The stop sequence shared by both backends: signal the group, give it the grace period to leave,
 * then SIGKILL what remains. The leader is not the whole story: background members of its group
 * (a subshell's children…) may outlive it and are stopped too.
 */
final class GroupStop {

    private static final Logger LOG = Logger.getLogger(GroupStop.class);
    private static final Duration AFTER_KILL = Duration.ofSeconds(5);

    private GroupStop() {
    }

    static CompletableFuture<ExitStatus> stop(RunningProcess process, int signal, Duration grace,
                                              ObjIntConsumer<ProcessId> signaller) {
        CompletableFuture<ExitStatus> result = new CompletableFuture<>();
        Thread.ofVirtual().name("stop-" + process.pid()).start(() -> {
            try {
                result.complete(run(process, signal, grace, signaller));
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        });
        return result;
    }

    private static ExitStatus run(RunningProcess process, int signal, Duration grace,
                                  ObjIntConsumer<ProcessId> signaller) throws InterruptedException, ExecutionException {
        ProcessId id = process.id();
        long deadline = System.nanoTime() + grace.toNanos();
        signaller.accept(id, signal);
        try {
            process.exit().get(grace.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            // the group check below SIGKILLs it
        }
        if (!awaitEmptyGroup(id, deadline)) {
            LOG.infof("pid %d: group %d still running %s after %s; sending SIGKILL", id.pid(), id.pgid(),
                    Signals.name(signal), grace);
            signaller.accept(id, Signals.SIGKILL);
        }
        ExitStatus status;
        try {
            status = process.exit().get(AFTER_KILL.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new IllegalStateException("pid " + id.pid() + " did not exit " + AFTER_KILL.toSeconds()
                    + " s after SIGKILL (uninterruptible sleep?)");
        }
        if (!awaitEmptyGroup(id, System.nanoTime() + AFTER_KILL.toNanos())) {
            LOG.warnf("pid %d: members of group %d survive SIGKILL (uninterruptible sleep?)", id.pid(), id.pgid());
        }
        return status;
    }

    private static boolean awaitEmptyGroup(ProcessId id, long deadline) throws InterruptedException,
            ExecutionException {
        CompletableFuture<Void> emptied = GroupWatch.emptied(id);
        long wait = Math.max(deadline - System.nanoTime(), TimeUnit.MILLISECONDS.toNanos(3 * GroupWatch.TICK_MILLIS));
        try {
            emptied.get(wait, TimeUnit.NANOSECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } finally {
            emptied.cancel(false);
        }
    }
}
