package io.heroproc.supervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.heroproc.model.ActionKind;
import io.heroproc.model.JobPhase;
import io.heroproc.model.RestartPolicy;
import io.heroproc.model.Wanted;
import io.heroproc.registry.ActionDef;
import io.heroproc.registry.ServiceDef;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The run and job state tables: the moves they allow, the ones they refuse, and what refusing leaves alone. */
class LifecycleTablesTest {

    private static ActionDef action(ActionKind kind) {
        return new ActionDef("a", "exec", "true", kind, null, Map.of(), null, null, List.of(), null, "TERM", 10_000,
                false, null, List.of(), java.util.Set.of(), List.of(), ActionDef.SUCCESS, null, 1);
    }

    @Test
    void aProcessJobGoesUpThenStopsOnRequest() {
        LiveJob job = new LiveJob(1, action(ActionKind.PROCESS), 1, JobState.WAITING);
        assertTrue(job.on(JobState.Event.SPAWNED));
        assertEquals(JobState.STARTING, job.state());
        assertFalse(job.ready());
        assertTrue(job.on(JobState.Event.HEALTHY));
        assertTrue(job.ready(), "a healthy process is ready");
        assertTrue(job.on(JobState.Event.STOP));
        assertEquals(JobPhase.RUNNING, job.state().phase(), "stopping is still running");
        assertTrue(job.on(JobState.Event.EXITED_OK));
        assertEquals(JobState.SUCCEEDED, job.state());
        assertFalse(job.ready(), "a process that ended is not ready");
    }

    @Test
    void aOneshotIsReadyOnlyWhenItCompletedByItself() {
        LiveJob done = new LiveJob(2, action(ActionKind.ONESHOT), 1, JobState.WAITING);
        done.on(JobState.Event.SPAWNED);
        done.on(JobState.Event.EXITED_OK);
        assertTrue(done.ready(), "completed by itself: what requires waits for");
        LiveJob stopped = new LiveJob(3, action(ActionKind.ONESHOT), 1, JobState.WAITING);
        stopped.on(JobState.Event.SPAWNED);
        stopped.on(JobState.Event.STOP);
        stopped.on(JobState.Event.EXITED_OK);
        assertEquals(JobState.SUCCEEDED, stopped.state());
        assertFalse(stopped.ready(), "stopped on request is not completion");
    }

    @Test
    void aJobJudgedFailedEndsFailedWhateverItsExitCode() {
        LiveJob job = new LiveJob(4, action(ActionKind.PROCESS), 1, JobState.WAITING);
        job.on(JobState.Event.SPAWNED);
        job.on(JobState.Event.JUDGED_FAILED);
        assertTrue(job.on(JobState.Event.STOP), "a stop while failing keeps it failing");
        assertEquals(JobState.FAILING, job.state());
        job.on(JobState.Event.EXITED_OK);
        assertEquals(JobState.FAILED, job.state());
    }

    @Test
    void movesNotInTheTableAreRefusedAndChangeNothing() {
        LiveJob job = new LiveJob(5, action(ActionKind.PROCESS), 1, JobState.DELAYED);
        assertFalse(job.on(JobState.Event.SPAWNED), "a restart still in its backoff cannot spawn");
        assertEquals(JobState.DELAYED, job.state());
        assertTrue(job.on(JobState.Event.DUE));
        assertTrue(job.on(JobState.Event.SKIP));
        for (JobState.Event e : JobState.Event.values()) {
            assertNull(JobState.SKIPPED.on(e), "an ended job does not move: " + e);
            assertNull(JobState.SUCCEEDED.on(e));
            assertNull(JobState.FAILED.on(e));
        }
        for (RunState.Event e : RunState.Event.values()) {
            assertNull(RunState.ENDED.on(e), "an ended run does not move: " + e);
        }
        assertNull(RunState.STOPPING.on(RunState.Event.ALL_READY), "a stopping run does not come back up");
    }

    @Test
    void aRunRemembersHowItWasStoppedOnceEnded() {
        LiveRun run = new LiveRun(1, new ServiceDef("s", List.of(), List.of(), Wanted.START, RestartPolicy.ALWAYS, 1000,
                2, 60_000, 0.1, 60_000, null, false, null), List.of());
        assertTrue(run.on(RunState.Event.ALL_READY));
        assertTrue(run.on(RunState.Event.GIVE_UP));
        assertFalse(run.stoppedOnRequest());
        assertTrue(run.on(RunState.Event.KILL), "a kill during a give-up takes over");
        assertTrue(run.on(RunState.Event.END));
        assertTrue(run.stoppedOnRequest());
        assertTrue(run.killing());
        assertFalse(run.on(RunState.Event.STOP));
    }
}
