package io.heroproc.supervisor;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.heroproc.config.Instance;
import io.heroproc.process.JobProcesses;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Every process a job starts belongs to it until it is gone, whatever session or group it moves
 * to: left behind by a leader that exits, escaped with setsid and a double fork. Survivors are
 * counted by the job marks in {@code /proc/PID/environ}. This class runs with the containment
 * hero-proc picks here (a cgroup per job where it can make one); {@link TrackedContainmentTest}
 * runs it again without cgroups.
 */
@QuarkusTest
class ContainmentTest extends EngineTestBase {

    @Inject
    Instance instance;

    @Inject
    JobProcesses processes;

    /** Every job of the service, every attempt. */
    private Set<Long> jobIds(String svc) {
        return jobs(svc).stream().map(j -> num(j, "id")).collect(Collectors.toSet());
    }

    private List<Long> survivors(String svc) {
        return Procs.withJobMarks(instance.id(), jobIds(svc));
    }

    private void awaitNoSurvivor(String svc, String when) {
        Await.until(Duration.ofSeconds(30), () -> survivors(svc).isEmpty(), "no process of " + svc + " left " + when
                + " (left: " + survivors(svc) + ")");
    }

    /** A process that escapes its job's session and group three ways, then waits. */
    private String escaper(String svc, String mark) {
        String act = svc + "_esc";
        action(act, """
                {"interpreter": "bash", "script": %s, "stop": {"grace": "2s"}}""".formatted(json(
                "setsid -f sleep 200007; (setsid sleep 200008 &); (sleep 200009 &); exec sleep 200010 # " + mark)));
        return act;
    }

    @Test
    void whatALeaderLeavesBehindIsStoppedWhenItExits() {
        String svc = name("leftover");
        String mark = marker();
        action(svc + "_a", """
                {"interpreter": "bash", "script": %s, "stop": {"grace": "1s"}}""".formatted(json(
                "for i in $(seq 1 20); do sleep 200004 & done; exit 3 # " + mark)));
        service(svc, """
                {"actions": ["%s_a"], "wanted": "stop",
                 "restart": {"policy": "on-failure", "max_restarts": 2, "backoff": {"initial": "100ms"}}}"""
                .formatted(svc));
        start(svc);
        awaitState(svc, "failed");
        assertTrue(reason(svc).contains("gave up"), reason(svc));
        assertEquals(3, jobIds(svc).size(), "three attempts");
        awaitNoSurvivor(svc, "after it gave up");
        List<String> lines = given().when().get("/api/v1/services/{n}/logs", svc).jsonPath().getList("line");
        assertTrue(lines.stream().anyMatch(l -> l.contains("stopped 20 processes it left running")), lines.toString());
    }

    @Test
    void leftoversAreKeptWhenTheActionSaysSoAndStoppedWithTheService() {
        String svc = name("keep");
        String mark = marker();
        action(svc + "_a", """
                {"interpreter": "bash", "kind": "oneshot", "script": %s, "stop": {"leftovers": "keep", "grace": "1s"}}"""
                .formatted(json("sleep 200006 & exit 0 # " + mark)));
        service(svc, """
                {"actions": ["%s_a"], "wanted": "stop"}""".formatted(svc));
        start(svc);
        awaitState(svc, "success");
        Await.until(() -> survivors(svc).size() == 1, "the background sleep is kept");
        stop(svc);
        awaitNoSurvivor(svc, "once the service is stopped");
    }

    @Test
    void escapeesAreStoppedWithTheirJobOnStopRestartAndKill() {
        String svc = name("escape");
        String mark = marker();
        service(svc, """
                {"actions": ["%s"], "wanted": "stop"}""".formatted(escaper(svc, mark)));

        start(svc);
        Await.until(() -> survivors(svc).size() == 4, "four processes, three escaped");
        Await.until(() -> pids(svc).size() == 4, "status lists every live process: " + pids(svc));
        assertEquals(Set.copyOf(survivors(svc)), Set.copyOf(pids(svc)));
        stop(svc);
        awaitState(svc, "exited");
        awaitNoSurvivor(svc, "after stop");

        start(svc);
        Await.until(() -> survivors(svc).size() == 4, "four again");
        Set<Long> first = jobIds(svc);
        command(svc, "restart").statusCode(200);
        Await.until(() -> jobIds(svc).size() > first.size() && "running".equals(state(svc)), "restarted");
        Await.until(Duration.ofSeconds(30), () -> Procs.withJobMarks(instance.id(), first).isEmpty(),
                "the first run's escapees are gone after the restart");
        Await.until(() -> survivors(svc).size() == 4, "the new run's four are there");

        command(svc, "kill").statusCode(200);
        awaitState(svc, "exited");
        awaitNoSurvivor(svc, "after kill");
    }

    @Test
    void usageCountsEveryProcessOfTheJob() {
        String svc = name("usage");
        String mark = marker();
        service(svc, """
                {"actions": ["%s"], "wanted": "stop"}""".formatted(escaper(svc, mark)));
        start(svc);
        Await.until(() -> survivors(svc).size() == 4, "four processes");
        long job = jobIds(svc).iterator().next();
        Await.until(() -> processes.members().containsKey(job)
                && processes.members().get(job).usage().processCount() == 4, "the job's usage sums its four processes");
        stop(svc);
        awaitNoSurvivor(svc, "after stop");
    }
}
