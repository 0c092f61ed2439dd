package io.heroproc.supervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A oneshot that outlives its timeout is stopped and its job fails as timed out. */
@QuarkusTest
class OneshotTimeoutTest extends EngineTestBase {

    @Test
    void aOneshotPastItsTimeoutIsStoppedAndFails() {
        String svc = name("slowshot");
        String mark = marker();
        action(svc + "_a", """
                {"interpreter": "sh", "script": %s, "kind": "oneshot", "timeout": "300ms"}"""
                .formatted(json("sleep 30; : " + mark)));
        service(svc, """
                {"actions": ["%s_a"], "wanted": "stop", "restart": {"policy": "never"}}""".formatted(svc));

        start(svc);
        awaitState(svc, "failed");

        Map<String, Object> job = jobs(svc).getFirst();
        assertEquals("failed", job.get("phase"));
        assertTrue(String.valueOf(job.get("reason")).startsWith("timed out after 300ms"), "reason: " + job.get("reason"));
        long ran = millisBetween(time(job, "started_at"), time(job, "ended_at"));
        assertTrue(ran >= 280 && ran < 3000, "stopped at its 300 ms timeout, ran " + ran + " ms");
        assertEquals("error", runs(svc).getFirst().get("status"));
        assertTrue(reason(svc).contains("timed out after 300ms"), reason(svc));
        assertTrue(Procs.withMarker(mark).isEmpty(), "no process left");
        assertEquals(1, jobs(svc).size(), "policy never: no retry");
    }
}
