package io.heroproc.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.heroproc.model.Job;
import io.heroproc.model.JobPhase;
import org.junit.jupiter.api.Test;

/** How jobs read on the dashboard, from what the supervisor stores. */
class JobOutcomeTest {

    private static Job job(JobPhase phase, Integer exit, Integer signal, String reason) {
        Job j = new Job();
        j.phase = phase;
        j.exitCode = exit;
        j.signal = signal;
        j.reason = reason;
        return j;
    }

    @Test
    void aJobStoppedOnRequestReadsStoppedWithItsSignal() {
        assertEquals("stopped (SIGTERM)", JobOutcome.of(job(JobPhase.SUCCEEDED, null, 15,
                "stopped on request (signal 15 (SIGTERM))")).toString());
        assertEquals("stopped (SIGKILL)", JobOutcome.of(job(JobPhase.SUCCEEDED, null, 9,
                "stopped on request (signal 9 (SIGKILL))")).toString());
        assertEquals("stopped (exit 0)", JobOutcome.of(job(JobPhase.SUCCEEDED, 0, null,
                "stopped on request (exit 0)")).toString(), "a job that traps TERM and exits");
        assertEquals("stopped", JobOutcome.of(job(JobPhase.FAILED, 1, null, "stopped on request (exit 1)")).label());
    }

    @Test
    void otherJobsReadTheirPhaseAndHowTheyEnded() {
        assertEquals("failed (exit 3)", JobOutcome.of(job(JobPhase.FAILED, 3, null, "exit 3 at 12:00:01"))
                .toString());
        assertEquals("failed (SIGSEGV)", JobOutcome.of(job(JobPhase.FAILED, null, 11,
                "signal 11 (SIGSEGV) at 12:00:01")).toString());
        assertEquals("succeeded (exit 0)", JobOutcome.of(job(JobPhase.SUCCEEDED, 0, null, "exit 0")).toString());
        assertEquals("running", JobOutcome.of(job(JobPhase.RUNNING, null, null, null)).toString());
        assertEquals("skipped", JobOutcome.of(job(JobPhase.SKIPPED, null, null, "requires a, which failed"))
                .toString());
    }

    @Test
    void aReasonIsANoteOnlyWhenItSaysMoreThanTheOutcome() {
        assertEquals("", JobOutcome.note(job(JobPhase.FAILED, 3, null, "exit 3 at 12:00:01")));
        assertEquals("", JobOutcome.note(job(JobPhase.SUCCEEDED, null, 15,
                "stopped on request (signal 15 (SIGTERM))")));
        assertEquals("unhealthy: connection refused, signal 15 (SIGTERM) at 12:00:01", JobOutcome.note(job(
                JobPhase.FAILED, null, 15, "unhealthy: connection refused, signal 15 (SIGTERM) at 12:00:01")));
        assertEquals("", JobOutcome.note(job(JobPhase.RUNNING, null, null, null)));
    }
}
