package io.heroproc.web;

import static io.heroproc.support.Api.oneshot;
import static io.heroproc.support.Api.specService;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.heroproc.model.JobPhase;
import io.heroproc.model.RunStatus;
import io.heroproc.support.Names;
import io.heroproc.support.StatementCounter;
import io.heroproc.support.TestDb;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * A run that crash-looped 120 times is one row with one line per action on the Runs tab, read
 * in a fixed number of statements: attempts are counted in SQL, not loaded.
 */
@QuarkusTest
class RunsPageQueryTest {

    private static final int ATTEMPTS = 120;

    @Inject
    RunsPage page;

    @Inject
    TestDb db;

    /** A run whose action failed ATTEMPTS - 1 times and runs again; its jobs numbered by attempt. */
    private long crashLoop(String service, String action) {
        oneshot(action);
        specService(service, action);
        long run = db.run(service, RunStatus.STARTING, false, Instant.now().minusSeconds(600), null);
        for (int i = 1; i < ATTEMPTS; i++) {
            db.job(run, service, action, JobPhase.FAILED, 1000L + i, 3);
        }
        db.job(run, service, action, JobPhase.RUNNING, 2000L, null);
        db.execute("UPDATE jobs SET attempt = (SELECT count(*) FROM jobs j WHERE j.run_id = jobs.run_id"
                + " AND j.id <= jobs.id) WHERE run_id = " + run);
        return run;
    }

    private String render(String service) {
        StatementCounter.reset();
        String html = page.page(service, null).render();
        assertTrue(StatementCounter.count() <= 4, "statements to render the Runs tab: " + StatementCounter.count());
        return html;
    }

    @Test
    void aCrashLoopIsOneLineWhateverItsAttempts() {
        String service = Names.unique("loop");
        long run = crashLoop(service, service + "-crash");

        String html = render(service);
        assertEquals(1, html.split("data-run=\"" + run + "\"", -1).length - 1, "one row for the run");
        assertEquals(1, html.split("<li data-job=", -1).length - 1, "one line for its action");
        assertTrue(html.contains("attempt 120 of 120, 119 crashes"), "the attempts, collapsed");
    }

    /** The supervisor may keep only a crash loop's latest attempts: the count says what it covers. */
    @Test
    void attemptsNoLongerKeptStillCount() {
        String service = Names.unique("pruned");
        long run = crashLoop(service, service + "-crash");
        db.execute("DELETE FROM jobs WHERE run_id = " + run + " AND attempt <= 100");

        assertTrue(render(service).contains("attempt 120 of 120, 19 crashes in the last 20"));
    }

    /** A run is listed from the moment it exists, before its first job. */
    @Test
    void aRunWithoutJobsIsListed() {
        String service = Names.unique("fresh");
        oneshot(service + "-a");
        specService(service, service + "-a");
        long run = db.run(service, RunStatus.STARTING, false, Instant.now(), null);

        String html = render(service);
        assertTrue(html.contains("data-run=\"" + run + "\""), "the run is listed");
        assertEquals(0, html.split("<li data-job=", -1).length - 1, "with no jobs");
    }
}
