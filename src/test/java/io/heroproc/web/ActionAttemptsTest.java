package io.heroproc.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.heroproc.model.Job;
import org.junit.jupiter.api.Test;

/** How an action's attempts read, collapsed. */
class ActionAttemptsTest {

    private static ActionAttempts attempts(int latest, int kept, int crashes) {
        Job job = new Job();
        job.attempt = latest;
        return new ActionAttempts(job, latest, kept, crashes);
    }

    @Test
    void aFirstAttemptThatDidNotFailSaysNothingInLists() {
        assertEquals("", attempts(1, 1, 0).summary());
        assertEquals("attempt 1 of 1", attempts(1, 1, 0).full());
    }

    @Test
    void aCrashLoopCountsItsCrashes() {
        assertEquals("attempt 7 of 7, 6 crashes", attempts(7, 7, 6).summary());
        assertEquals("attempt 2 of 2, 1 crash", attempts(2, 2, 1).summary());
        assertEquals("attempt 3 of 3", attempts(3, 3, 0).summary(), "restarted on request, never crashed");
    }

    @Test
    void forgottenAttemptsAreCountedButTheirOutcomesAreNot() {
        ActionAttempts pruned = attempts(57, 20, 19);
        assertEquals("attempt 57 of 57, 19 crashes in the last 20", pruned.summary());
        assertEquals(37, pruned.forgotten());
    }
}
