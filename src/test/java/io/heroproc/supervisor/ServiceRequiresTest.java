package io.heroproc.supervisor;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Inter-service requires: the required service starts first and stops last; unusable ones fail fast. */
@QuarkusTest
class ServiceRequiresTest extends EngineTestBase {

    @Test
    void startingAStartsBFirstAndStoppingBStopsAFirst() {
        String b = name("reqb");
        String a = name("reqa");
        String bMark = marker();
        String aMark = marker();
        shOneshot(b + "_prep", "sleep 1.5");
        sleeper(b + "_srv", bMark, b + "_prep");
        service(b, """
                {"actions": ["%1$s_prep", "%1$s_srv"], "wanted": "stop"}""".formatted(b));
        sleeper(a + "_a", aMark);
        service(a, """
                {"actions": ["%s_a"], "requires": ["%s"], "wanted": "stop"}""".formatted(a, b));

        start(a);
        Await.until(() -> reason(a).contains("waiting for service " + b), a + "'s reason says it waits for " + b);
        assertEquals("starting", state(a));
        assertTrue(Procs.withMarker(aMark).isEmpty(), a + " does not start before " + b + " is ready");

        awaitRunning(a, 1);
        awaitRunning(b, 1);
        Map<String, Object> aJob = jobs(a).getFirst();
        Map<String, Object> bSrv = jobs(b, b + "_srv").getFirst();
        Map<String, Object> bPrep = jobs(b, b + "_prep").getFirst();
        assertThat(a + " starts once " + b + " runs", time(aJob, "started_at"),
                greaterThanOrEqualTo(time(bSrv, "started_at")));
        assertThat(a + " starts once " + b + " is ready", time(aJob, "started_at"),
                greaterThanOrEqualTo(time(bPrep, "ended_at")));
        assertEquals("stop", status(b).get("wanted"), "a requirement does not rewrite what is wanted of " + b);
        Procs.awaitOne(aMark, a);
        Procs.awaitOne(bMark, b);

        stop(b);
        awaitState(b, "exited");
        awaitState(a, "exited");
        Map<String, Object> aEnded = jobs(a).getFirst();
        Map<String, Object> bEnded = jobs(b, b + "_srv").getFirst();
        assertThat(a + " stops before " + b, time(aEnded, "ended_at"), lessThanOrEqualTo(time(bEnded, "ended_at")));
        assertTrue(Procs.withMarker(aMark).isEmpty());
        assertTrue(Procs.withMarker(bMark).isEmpty());
        assertEquals(1, runs(a).size());
        assertEquals(1, runs(b).size());
    }

    @Test
    void requiringASpecOnlyServiceFailsWithAReasonNamingIt() {
        String b = name("specdep");
        String a = name("needsspec");
        String aMark = marker();
        shProcess(b + "_a", "sleep 1000");
        service(b, """
                {"actions": ["%s_a"], "wanted": "spec"}""".formatted(b));
        sleeper(a + "_a", aMark);
        service(a, """
                {"actions": ["%s_a"], "requires": ["%s"], "wanted": "stop"}""".formatted(a, b));

        start(a);
        awaitState(a, "failed");

        Map<String, Object> run = runs(a).getFirst();
        assertEquals("error", run.get("status"));
        assertNotNull(run.get("ended_at"));
        assertThat(String.valueOf(run.get("reason")), containsString(b));
        assertThat(reason(a), containsString(b));
        assertEquals("skipped", jobs(a).getFirst().get("phase"));
        assertEquals("inactive", state(b), "a spec service is never started");
        assertTrue(Procs.withMarker(aMark).isEmpty());
    }

    @Test
    void requiringAFailedServiceFailsWithAReasonNamingIt() {
        String c = name("faildep");
        String a = name("needsfail");
        String aMark = marker();
        shOneshot(c + "_a", "exit 1");
        service(c, """
                {"actions": ["%s_a"], "wanted": "stop", "restart": {"policy": "never"}}""".formatted(c));
        sleeper(a + "_a", aMark);
        service(a, """
                {"actions": ["%s_a"], "requires": ["%s"], "wanted": "stop"}""".formatted(a, c));

        start(a);
        awaitState(a, "failed");

        assertEquals("failed", state(c));
        assertThat(reason(a), containsString("required service " + c + " failed"));
        assertEquals("error", runs(a).getFirst().get("status"));
        assertEquals("skipped", jobs(a).getFirst().get("phase"));
        assertTrue(Procs.withMarker(aMark).isEmpty());
    }
}
