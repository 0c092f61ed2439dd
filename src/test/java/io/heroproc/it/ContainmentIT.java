package io.heroproc.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * hero-proc killed with SIGKILL at random instants while it starts 20 services at once (20 times in all: 14 with
 * cgroups, 6 with tracking by marks), then
 * started again on its data dir, over and over: no service ever has two processes, and no
 * process of any job is left that the new hero-proc does not know (its status lists every
 * process its jobs' marks are found on). And a SIGTERM shutdown leaves no process of any job,
 * escapees and kept leftovers included. Both with a cgroup per job and with tracking by marks.
 */
class ContainmentIT {

    private static final int SERVICES = 20;
    private static ProcessBackend backend;
    private final List<String> markers = new ArrayList<>();
    private PackagedHeroProc hp;

    @BeforeAll
    static void backend() {
        backend = ProcessBackends.create("ffm");
    }

    @AfterEach
    void killWhatIsLeft() {
        if (hp != null) {
            hp.close();
        }
        markers.forEach(Procs::killAll);
    }

    private String instance() throws Exception {
        return Files.readString(hp.dataDir().resolve("instance")).trim();
    }

    @Test
    void killedAtRandomWhileStartingWithCgroups() throws Exception {
        killedAtRandomWhileStarting("auto", 14);
    }

    @Test
    void killedAtRandomWhileStartingWithTracking() throws Exception {
        killedAtRandomWhileStarting("tracking", 6);
    }

    private void killedAtRandomWhileStarting(String containment, int rounds) throws Exception {
        hp = new PackagedHeroProc(backend, "hp-kill9", "-Dhero-proc.process.containment=" + containment);
        RunningProcess supervisor = hp.launch();
        List<String> names = new ArrayList<>();
        StringBuilder manifest = new StringBuilder("{\"actions\": {");
        for (int i = 0; i < SERVICES; i++) {
            String name = "k9s" + i;
            String marker = Procs.marker();
            names.add(name);
            markers.add(marker);
            manifest.append(i == 0 ? "" : ", ").append("\"").append(name).append("\": {\"interpreter\": \"bash\", ")
                    .append("\"script\": \"exec -a ").append(marker).append(" sleep 100000\"}");
        }
        manifest.append("}, \"services\": {");
        for (int i = 0; i < SERVICES; i++) {
            manifest.append(i == 0 ? "" : ", ").append("\"").append(names.get(i)).append("\": {\"actions\": [\"")
                    .append(names.get(i)).append("\"], \"wanted\": \"stop\"}");
        }
        hp.post("/api/v1/manifests", manifest.append("}}").toString(), 200);

        Random random = new Random();
        for (int round = 1; round <= rounds; round++) {
            long killAfterMillis = random.nextInt(400);
            RunningProcess dying = supervisor;
            try (ExecutorService pool = Executors.newFixedThreadPool(SERVICES);
                    ScheduledExecutorService crash = Executors.newSingleThreadScheduledExecutor()) {
                for (String name : names) {
                    pool.submit(() -> hp.send(HttpRequest.newBuilder(hp.uri("/api/v1/services/" + name + "/start"))
                            .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.noBody())));
                }
                crash.schedule(() -> backend.signal(dying.id(), Signals.SIGKILL), killAfterMillis,
                        TimeUnit.MILLISECONDS).get(30, TimeUnit.SECONDS);
                ExitStatus killed = dying.exit().get(30, TimeUnit.SECONDS);
                assertEquals(Signals.SIGKILL, killed.signal());
            }
            supervisor = hp.launch();
            String when = "round " + round + " (" + containment + ", killed " + killAfterMillis + " ms into the starts)";
            Await.untilCall(Duration.ofSeconds(60), () -> settled(names), "every service settled, " + when);
            Set<Long> listed = new HashSet<>();
            for (int i = 0; i < SERVICES; i++) {
                JsonNode status = hp.status(names.get(i));
                List<Long> pids = new ArrayList<>();
                status.path("pids").forEach(p -> pids.add(p.asLong()));
                listed.addAll(pids);
                int expected = "running".equals(status.path("state").asText()) ? 1 : 0;
                assertEquals(expected, Procs.withMarker(markers.get(i)).size(), names.get(i) + " has no duplicate, "
                        + when + ": " + status);
                assertEquals(Procs.withMarker(markers.get(i)), pids, "status lists its process, " + when);
            }
            assertEquals(listed, Set.copyOf(Procs.withInstanceMark(instance())), "no stray process, " + when);

            for (String name : names) {
                hp.post("/api/v1/services/" + name + "/kill", "", 200);
            }
            Await.until(() -> markers.stream().allMatch(m -> Procs.withMarker(m).isEmpty()), "all stopped, " + when);
        }
        backend.signal(supervisor.id(), Signals.SIGTERM);
        assertEquals(0, supervisor.exit().get(60, TimeUnit.SECONDS).exitCode());
    }

    /** Each service is either running (it was asked to start) or stopped, not on its way. */
    private boolean settled(List<String> names) throws Exception {
        for (String name : names) {
            JsonNode s = hp.status(name);
            String state = s.path("state").asText();
            boolean wanted = "start".equals(s.path("wanted").asText());
            if (wanted ? !"running".equals(state) : !List.of("inactive", "exited", "failed").contains(state)) {
                return false;
            }
        }
        return true;
    }

    @Test
    void shutdownLeavesNoProcessOfAnyJob() throws Exception {
        hp = new PackagedHeroProc(backend, "hp-shutdown");
        RunningProcess supervisor = hp.launch();
        String marker = Procs.marker();
        markers.add(marker);
        hp.put("/api/v1/actions/escaper", """
                {"interpreter": "bash", "stop": {"grace": "2s"},
                 "script": "setsid -f sleep 200011; (setsid sleep 200012 &); exec -a %s sleep 200013"}""".formatted(marker));
        hp.put("/api/v1/services/escaper", "{\"actions\": [\"escaper\"]}");
        hp.put("/api/v1/actions/keeper", """
                {"interpreter": "bash", "kind": "oneshot", "stop": {"leftovers": "keep", "grace": "2s"},
                 "script": "sleep 200014 & exit 0"}""");
        hp.put("/api/v1/services/keeper", "{\"actions\": [\"keeper\"]}");
        String instance = instance();
        Await.until(Duration.ofSeconds(30), () -> Procs.withInstanceMark(instance).size() == 4,
                "three escaper processes and one kept leftover: " + Procs.withInstanceMark(instance));

        backend.signal(supervisor.id(), Signals.SIGTERM);
        ExitStatus stopped = supervisor.exit().get(60, TimeUnit.SECONDS);
        assertEquals(0, stopped.exitCode(), "clean shutdown: " + stopped + "\n" + hp.tail());
        assertTrue(Procs.withInstanceMark(instance).isEmpty(), "no process of any job is left after shutdown: "
                + Procs.withInstanceMark(instance));
    }
}
