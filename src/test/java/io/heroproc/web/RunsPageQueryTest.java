package io.heroproc.web;

import static io.heroproc.support.Api.oneshot;
import static io.heroproc.support.Api.specService;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.heroproc.model.RunStatus;
import io.heroproc.support.Names;
import io.heroproc.support.StatementCounter;
import io.heroproc.support.TestDb;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * A run that crash-looped 300 times is one row with one line per action on the Runs tab, read
 * in a fixed number of statements: attempts are counted in SQL, not loaded.
 */
@QuarkusTest
class RunsPageQueryTest {

    @Inject
    RunsPage page;

    @Inject
    TestDb db;

    @Test
    void aCrashLoopIsOneLineWhateverItsAttempts() {
        String service = Names.unique("loop");
        String action = service + "-crash";
        oneshot(action);
        specService(service, action);
        long run = db.run(service, RunStatus.STARTING, false, Instant.now().minusSeconds(600), null);
        long now = System.currentTimeMillis();
        db.execute("""
                INSERT INTO jobs (run_id, service, action, attempt, phase, ready, exit_code, reason, created_at,
                                  started_at, ended_at)
                WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 300)
                SELECT %d, '%s', '%s', i, CASE WHEN i = 300 THEN 'running' ELSE 'failed' END, 0,
                       CASE WHEN i = 300 THEN NULL ELSE 3 END, CASE WHEN i = 300 THEN NULL ELSE 'exit 3' END,
                       %d + i, %d + i, CASE WHEN i = 300 THEN NULL ELSE %d + i END FROM n
                """.formatted(run, service, action, now - 600_000, now - 600_000, now - 599_000));

        StatementCounter.reset();
        String html = page.page(service, null).render();
        int statements = StatementCounter.count();

        assertTrue(statements <= 4, "statements to render the Runs tab: " + statements);
        assertEquals(1, html.split("data-run=\"" + run + "\"", -1).length - 1, "one row for the run");
        assertEquals(1, html.split("<li data-job=", -1).length - 1, "one line for its action");
        assertTrue(html.contains("attempt 300 of 300, 299 crashes"), "the attempts, collapsed");
    }
}
