package io.heroproc.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.heroproc.process.ExitStatus;
import io.heroproc.process.ProcessBackend;
import io.heroproc.process.ProcessBackends;
import io.heroproc.process.RunningProcess;
import io.heroproc.process.Signals;
import io.heroproc.supervisor.Await;
import io.heroproc.supervisor.Procs;
import io.heroproc.support.PackagedHeroProc;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The packaged supervisor killed with SIGKILL and started again on the same data dir: what it left
 * running is stopped, not duplicated, its run is closed as interrupted and the history stays;
 * then SIGTERM shuts it down cleanly with its services. The supervisor is spawned with
 * hero-proc's own process backend, so this JVM is the subreaper that inherits its orphans.
 */
class SupervisorRestartIT {

    private static final Duration BOOT = PackagedHeroProc.BOOT;

    private static ProcessBackend backend;
    private final List<String> markers = new ArrayList<>();
    private PackagedHeroProc hp;

    @BeforeAll
    static void backend() {
        backend = ProcessBackends.create("ffm");
    }

    @AfterAll
    static void noBackendToClose() {
        backend = null;
    }

    @AfterEach
    void killWhatIsLeft() {
        if (hp != null) {
            hp.close();
        }
        markers.forEach(Procs::killAll);
    }

    @Test
    void sigkilledSupervisorRestartsWithoutDuplicatesAndSigtermStopsEverything() throws Exception {
        String name = "itsvc" + Long.toString(System.nanoTime() % 1_000_000_000L, 36);
        String marker = Procs.marker();
        markers.add(marker);

        hp = new PackagedHeroProc(backend, "hp-it-data");
        RunningProcess first = hp.launch();
        hp.post("/api/v1/quick-services", """
                {"name": "%s", "command": "exec -a %s sleep 1000", "interpreter": "bash"}""".formatted(name, marker), 201);
        Await.untilCall(BOOT, () -> "running".equals(hp.status(name).path("state").asText()), name + " running");
        long oldPid = hp.status(name).path("pids").get(0).asLong();
        assertEquals(List.of(oldPid), Procs.withMarker(marker), "the job's process is the one marked process");
        long oldRun = hp.status(name).path("run_id").asLong();

        backend.signal(first.id(), Signals.SIGKILL);
        ExitStatus killed = first.exit().get(20, TimeUnit.SECONDS);
        assertEquals(Signals.SIGKILL, killed.signal(), "the supervisor died of SIGKILL: " + killed);
        assertEquals(List.of(oldPid), Procs.withMarker(marker),
                "its job outlives it (own session), now an orphan of this subreaper");

        RunningProcess second = hp.launch();
        Await.untilCall(BOOT, () -> {
            JsonNode s = hp.status(name);
            return "running".equals(s.path("state").asText()) && s.path("pids").size() == 1
                    && s.path("pids").get(0).asLong() != oldPid;
        }, name + " running again with a new pid");
        long newPid = hp.status(name).path("pids").get(0).asLong();
        assertNotEquals(oldPid, newPid);
        Await.until(() -> Procs.withMarker(marker).equals(List.of(newPid)),
                "exactly one live marked process, the new one (the old one was stopped)");

        JsonNode runs = hp.get("/api/v1/runs?service=" + name);
        assertEquals(2, runs.size(), "both runs kept: " + runs);
        JsonNode old = find(runs, oldRun);
        assertNotNull(old.get("ended_at"), "the old run is closed: " + old);
        assertTrue(old.path("reason").asText().contains("interrupted"), "the old run says why: " + old);
        JsonNode oldJob = hp.get("/api/v1/runs/" + oldRun).path("jobs").get(0);
        assertEquals(oldPid, oldJob.path("pid").asLong());
        assertNotNull(oldJob.get("ended_at"), "the old job is closed: " + oldJob);
        JsonNode current = find(runs, hp.status(name).path("run_id").asLong());
        assertTrue(current.get("ended_at") == null || current.get("ended_at").isNull(), "the new run is open");

        backend.signal(second.id(), Signals.SIGTERM);
        ExitStatus stopped = second.exit().get(30, TimeUnit.SECONDS);
        assertNull(stopped.signal(), "SIGTERM is handled, not fatal: " + stopped + "\n" + hp.tail());
        assertEquals(0, stopped.exitCode(), "clean shutdown exits 0: " + stopped + "\n" + hp.tail());
        Await.until(() -> Procs.withMarker(marker).isEmpty(), "no marked process left after shutdown");
    }

    @Test
    void shutdownKillsWhatOutlastsTheShutdownTimeout() throws Exception {
        String marker = Procs.marker();
        markers.add(marker);
        hp = new PackagedHeroProc(backend, "hp-it-data", "-Dhero-proc.supervisor.shutdown-timeout=2s");
        RunningProcess supervisor = hp.launch();
        // SIG_IGN survives exec: the marked sleep ignores SIGTERM, and its grace outlasts the timeout.
        hp.put("/api/v1/actions/stubborn", """
                {"interpreter": "bash", "script": "trap '' TERM; exec -a %s sleep 1000",
                 "stop": {"signal": "SIGTERM", "grace": "10m"}}""".formatted(marker));
        hp.put("/api/v1/services/stubborn", """
                {"actions": ["stubborn"], "wanted": "start"}""");
        Await.untilCall(BOOT, () -> "running".equals(hp.status("stubborn").path("state").asText()), "stubborn running");
        Procs.awaitOne(marker, "the stubborn process runs");

        backend.signal(supervisor.id(), Signals.SIGTERM);
        ExitStatus stopped = supervisor.exit().get(30, TimeUnit.SECONDS);
        assertEquals(0, stopped.exitCode(), "shutdown still exits 0: " + stopped + "\n" + hp.tail());
        Await.until(() -> Procs.withMarker(marker).isEmpty(), "the stubborn process was SIGKILLed at the timeout");
        assertTrue(hp.output().contains("sent SIGKILL to every process of 1 job"), "the log says so:\n" + hp.tail());
        assertFalse(hp.output().contains("EntityManagerFactory is closed"), "nothing runs on a closed database:\n"
                + hp.tail());
    }

    /**
     * The documented choice: a run belongs to one lifetime of hero-proc. A oneshot service wanted
     * {@code start} that completed rests in {@code success} for that lifetime, and runs again
     * when hero-proc starts again, as an init runs its boot scripts again.
     */
    @Test
    void aCompletedOneshotServiceRunsAgainWhenHeroProcStartsAgain() throws Exception {
        hp = new PackagedHeroProc(backend, "hp-it-data");
        RunningProcess first = hp.launch();
        hp.put("/api/v1/actions/boot-script", """
                {"interpreter": "sh", "kind": "oneshot", "script": "echo booted"}""");
        hp.put("/api/v1/services/boot-script", """
                {"actions": ["boot-script"], "wanted": "start"}""");
        Await.untilCall(BOOT, () -> "success".equals(hp.status("boot-script").path("state").asText()), "completed");
        assertEquals(1, hp.get("/api/v1/runs?service=boot-script").size(), "one run in this lifetime");

        backend.signal(first.id(), Signals.SIGTERM);
        assertEquals(0, first.exit().get(30, TimeUnit.SECONDS).exitCode());
        hp.launch();
        Await.untilCall(BOOT, () -> hp.get("/api/v1/runs?service=boot-script").size() == 2
                && "success".equals(hp.status("boot-script").path("state").asText()), "ran again at start");

        // Events are kept across the restart: both lifetimes' runs, and hero-proc's own stop and start.
        List<String> types = new ArrayList<>();
        hp.get("/api/v1/events?service=boot-script&type=run.started").forEach(e -> types.add(e.path("type").asText()));
        assertEquals(2, types.size(), "a run.started of each lifetime: " + types);
        assertEquals(1, hp.get("/api/v1/events?type=hero-proc.stopping").size());
        assertEquals(2, hp.get("/api/v1/events?type=hero-proc.started").size());
    }

    private static JsonNode find(JsonNode runs, long id) {
        for (JsonNode r : runs) {
            if (r.path("id").asLong() == id) {
                return r;
            }
        }
        throw new AssertionError("run " + id + " not listed: " + runs);
    }
}
