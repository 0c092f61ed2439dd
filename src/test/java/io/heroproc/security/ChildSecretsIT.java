package io.heroproc.security;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.heroproc.process.ExitStatus;
import io.heroproc.process.ProcessBackend;
import io.heroproc.process.ProcessBackends;
import io.heroproc.process.RunningProcess;
import io.heroproc.supervisor.Await;
import io.heroproc.support.PackagedHeroProc;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * hero-proc started with its token in its environment, as a container sets it: no child sees
 * it, not one running as {@code nobody} (which could otherwise drive the API and run commands as
 * root), nor an exec health probe; only an action that asks for it by name in {@code pass_env}.
 * Also: settings that would leave the API open stop hero-proc at start.
 */
class ChildSecretsIT {

    private static final String TOKEN = "it-token-" + Long.toString(System.nanoTime(), 36) + "-0123456789";
    private static ProcessBackend backend;
    private PackagedHeroProc hp;

    @BeforeAll
    static void backend() {
        backend = ProcessBackends.create("ffm");
    }

    @AfterEach
    void stop() {
        if (hp != null) {
            hp.close();
        }
    }

    /**
     * The lines a job printed, once its last line ({@link #END}) is stored: the run's end and its
     * output are written separately, so the end of the run does not mean its lines are readable yet.
     */
    private List<String> outputOfEndedJob(String service) throws Exception {
        List<String> out = new ArrayList<>();
        Await.untilCall(Duration.ofSeconds(30), () -> {
            out.clear();
            hp.get("/api/v1/services/" + service + "/logs?limit=10000").forEach(l -> out.add(l.path("line").asText()));
            return out.contains(END);
        }, service + " ran to its end");
        return out;
    }

    private static final String END = "end-of-output";

    @Test
    void childrenNeverSeeHeroProcsOwnSecretsUnlessTheyAskByName() throws Exception {
        hp = new PackagedHeroProc(backend, "hp-secrets").env("HERO_PROC_TOKEN", TOKEN)
                .env("HERO_PROC_SOME_SETTING", "setting-value").env("PLAIN_VARIABLE", "plain-value");
        hp.launch();
        // A child running as nobody looks everywhere it can: its environment and its parent's.
        hp.put("/api/v1/actions/peek", """
                {"interpreter": "sh", "kind": "oneshot", "user": "nobody",
                 "script": "env; echo parent:; tr '\\\\0' '\\\\n' < /proc/$PPID/environ || echo parent-unreadable; echo end-of-output"}""");
        hp.put("/api/v1/services/peek", "{\"actions\": [\"peek\"]}");
        List<String> nobody = outputOfEndedJob("peek");
        assertTrue(nobody.contains("HERO_PROC_ACTION=peek"), "the child's own markers are there: " + nobody);
        assertTrue(nobody.contains("PLAIN_VARIABLE=plain-value"), "ordinary variables pass: " + nobody);
        assertTrue(nobody.contains("parent-unreadable"), "nobody cannot read hero-proc's environment: " + nobody);
        assertFalse(String.join("\n", nobody).contains(TOKEN), "the token never reaches the child: " + nobody);
        assertTrue(nobody.stream().noneMatch(l -> l.startsWith("HERO_PROC_SOME_SETTING")), "nor any setting");

        hp.put("/api/v1/actions/trusted", """
                {"interpreter": "sh", "kind": "oneshot", "script": "env; echo end-of-output", "pass_env": ["HERO_PROC_TOKEN"]}""");
        hp.put("/api/v1/services/trusted", "{\"actions\": [\"trusted\"]}");
        List<String> trusted = outputOfEndedJob("trusted");
        assertTrue(trusted.contains("HERO_PROC_TOKEN=" + TOKEN), "an action that names it gets it: " + trusted);
        assertTrue(trusted.stream().noneMatch(l -> l.startsWith("HERO_PROC_SOME_SETTING")), "and only it");
    }

    @Test
    void anExecHealthProbeGetsTheJobsMarkersButNotTheToken() throws Exception {
        hp = new PackagedHeroProc(backend, "hp-probe").env("HERO_PROC_TOKEN", TOKEN);
        hp.launch();
        Path probeEnv = hp.dataDir().resolve("probe.env");
        hp.put("/api/v1/actions/probed", """
                {"interpreter": "exec", "script": "sleep 1000",
                 "health": {"type": "exec", "target": "sh -c 'env > %s'", "interval": "200ms"}}""".formatted(probeEnv));
        hp.put("/api/v1/services/probed", "{\"actions\": [\"probed\"]}");
        Await.untilCall(Duration.ofSeconds(30), () -> Files.exists(probeEnv) && Files.size(probeEnv) > 0,
                "the probe ran");
        long job = hp.get("/api/v1/jobs?service=probed").get(0).path("id").asLong();
        List<String> env = Files.readAllLines(probeEnv);
        assertTrue(env.contains("HERO_PROC_ACTION=probed"), env.toString());
        assertTrue(env.contains("HERO_PROC_JOB_ID=" + job), env.toString());
        assertFalse(String.join("\n", env).contains(TOKEN), "the probe does not see the token");
    }

    @Test
    void aBlankOrWeakTokenStopsHeroProcAtStart() throws Exception {
        for (String bad : new String[] { "   ", "short" }) {
            hp = new PackagedHeroProc(backend, "hp-badtoken").env("HERO_PROC_TOKEN", bad);
            RunningProcess p = hp.start();
            ExitStatus exit = p.exit().get(60, TimeUnit.SECONDS);
            assertTrue(exit.exitCode() != null && exit.exitCode() != 0, "refused to start: " + exit);
            assertTrue(hp.tail().contains("HERO_PROC_TOKEN"), "and says why: " + hp.tail());
            hp.close();
        }
    }
}
