package io.heroproc.importer;

import static io.heroproc.importer.ImportFixtures.bytes;
import static io.heroproc.importer.ImportFixtures.env;
import static io.heroproc.importer.ImportFixtures.readBack;
import static io.heroproc.importer.ImportFixtures.warned;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.heroproc.registry.ActionSpec;
import io.heroproc.registry.Manifest;
import io.heroproc.registry.ServiceSpec;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** process-compose's own example files, converted and read back as hero-proc manifests. */
class ProcessComposeImporterTest {

    private static ImportedManifest imported(String resource) {
        return ProcessComposeImporter.read(resource, bytes(resource));
    }

    @Test
    void theProjectsOwnExampleCarriesOverEveryMappedField() {
        ImportedManifest imported = imported("process-compose.yaml");
        Manifest m = readBack(imported);

        ActionSpec p0 = m.actions().get("process0");
        assertEquals("bash", p0.interpreter(), "shell.shell_command");
        assertEquals("ls -lFa --color=always", p0.script());
        assertEquals("/", p0.cwd(), "working_dir");
        assertEquals(Map.of("ABC", "222"), env(p0), "the top-level environment reaches every process");
        assertEquals("never", m.services().get("process0").restart().policy(), "process-compose restarts nothing by default");

        ActionSpec p1 = m.actions().get("process1");
        assertEquals(Map.of("ABC", "222", "EXIT_CODE", "0"), env(p1));
        assertEquals("./test_loop.bash ${PROC4}", p1.script(), "left for hero-proc to interpolate when applied");
        assertEquals(new ActionSpec.Stop("TERM", "4s", null, "sleep 2 && pkill -f process1"), p1.stop(),
                "shutdown.signal 15, timeout_seconds, command");
        ServiceSpec s1 = m.services().get("process1");
        assertEquals(List.of("process2", "process3"), s1.requires(), "depends_on, _process2 renamed");
        assertEquals("on-failure", s1.restart().policy());
        assertEquals(new ServiceSpec.Backoff("2s", 1.0, "2s", 0.0), s1.restart().backoff(), "backoff_seconds");
        assertTrue(warned(imported, "processes._process2: renamed to 'process2'"));

        ActionSpec p2 = m.actions().get("process2");
        assertEquals("oneshot", p2.kind(), "process1 waits for it to complete successfully");
        assertEquals(Map.of("ABC", "2221", "PRINT_ERR", "111", "EXIT_CODE", "2"), env(p2), "a process's env wins");
        assertEquals(new ActionSpec.Health("http", "https://google.com/", null, "5s", "2s", 3, "5s", null), p2.health(),
                "readiness_probe http_get");
        assertEquals("oneshot", m.actions().get("process3").kind(), "process_completed");
        assertTrue(warned(imported, "processes.process1.depends_on.process3: process_completed carried over"));

        ActionSpec p4 = m.actions().get("process4");
        assertEquals(new ActionSpec.Health("exec", "bash -c 'ps -ef | grep -v grep | grep process4'", null, "2s", "1s", 3, "5s", null), p4.health(), "readiness_probe exec, through the shell");
        assertEquals("always", m.services().get("process3").restart().policy());

        assertEquals("python3 -m http.server 404$HERO_PROC_REPLICA", m.actions().get("server").script(),
                "each replica's number from the shell");
        assertNull(m.actions().get("server").replicas(), "one replica: hero-proc's default");
        assertEquals("http://127.0.0.1:4040/", m.actions().get("server").health().target(), "the one replica is 0");
        assertTrue(!warned(imported, "PC_REPLICA_NUM"), "a single replica's number is exact");
        assertTrue(warned(imported, "processes.server.is_tty: not carried over"));
        assertEquals("stop", m.services().get("kcalc").wanted(), "disabled");
        assertNull(m.services().get("process0").wanted(), "enabled: hero-proc's default, start");
        assertEquals(List.of(), m.services().get("process3").requires(), "nginx is not declared in the file");
        assertTrue(warned(imported, "processes.process3.depends_on.nginx: not carried over: 'nginx' is not a process"));
        assertTrue(m.actions().containsKey("pc_log") && m.actions().containsKey("pc_log_client"), "__pc_log renamed");
        assertTrue(warned(imported, "processes.process5.namespace: not carried over"));
        assertTrue(warned(imported, "log_configuration: not carried over"));
        assertTrue(!warned(imported, "not carried over yet"), imported.warnings()::toString);
    }

    @Test
    void theRhombusChainBecomesOneshotsRequiringEachOther() {
        ImportedManifest imported = imported("process-compose-chain-rhombus.yaml");
        Manifest m = readBack(imported);
        assertEquals(List.of("process6", "process7"), m.services().get("process5").requires());
        for (int i = 2; i <= 8; i++) {
            assertEquals("oneshot", m.actions().get("process" + i).kind(), "process" + i);
        }
        assertNull(m.actions().get("process1").kind(), "nobody waits for process1 to complete");
        assertEquals(Map.of("ABC", "222"), env(m.actions().get("process8")));
        assertEquals(List.of(), imported.warnings());
    }

    @Test
    void probesAndHealthConditions() {
        ImportedManifest imported = imported("process-compose-probes.yaml");
        Manifest m = readBack(imported);
        assertEquals(new ActionSpec.Health("exec", "bash -c 'pidof process-compose'", null, "1s", "1s", 20, "1s", null),
                m.actions().get("proca").health());
        assertEquals(List.of("proca"), m.services().get("procb").requires(), "process_healthy");
        assertTrue(imported.warnings().stream().noneMatch(w -> w.startsWith("processes.procC.depends_on")),
                "procB has a probe: process_healthy is exact");
        assertTrue(warned(imported, "processes.procA: renamed to 'proca'"));
    }

    @Test
    void livenessProbeAloneIsTheHealthCheckAndBesideReadinessLendsItsDelay() {
        String yaml = """
                processes:
                  web:
                    command: python3 -m http.server 8080
                    liveness_probe:
                      http_get: {host: 127.0.0.1, port: 8080, path: /healthz}
                      period_seconds: 3
                  api:
                    command: ./api
                    readiness_probe:
                      exec: {command: "curl -fs localhost:9000"}
                      period_seconds: 2
                    liveness_probe:
                      exec: {command: "pidof api"}
                      initial_delay_seconds: 30
                  db:
                    command: ./db
                    readiness_probe:
                      exec: {command: "pg_isready"}
                      initial_delay_seconds: 5
                    liveness_probe:
                      exec: {command: "pidof db"}
                      initial_delay_seconds: 30
                """;
        ImportedManifest imported = ProcessComposeImporter.read("pc.yaml", yaml.getBytes(StandardCharsets.UTF_8));
        Manifest m = readBack(imported);
        assertEquals(new ActionSpec.Health("http", "http://127.0.0.1:8080/healthz", null, "3s", null, null, null, null),
                m.actions().get("web").health());
        assertTrue(warned(imported, "processes.web.liveness_probe: carried over as the health check: hero-proc has one "
                + "check per action, which acts as readiness until it first passes"), imported.warnings()::toString);
        assertEquals(new ActionSpec.Health("exec", "bash -c 'curl -fs localhost:9000'", null, "2s", null, null, "30s",
                null), m.actions().get("api").health(), "the readiness probe, with the liveness probe's delay");
        assertTrue(warned(imported, "processes.api.liveness_probe: not carried over: hero-proc has one check per "
                + "action, which acts as readiness until it first passes and as liveness after; readiness_probe is that"
                + " check (with this probe's initial_delay_seconds as its start_period)"), imported.warnings()::toString);
        assertEquals("5s", m.actions().get("db").health().startPeriod(), "the readiness probe's own delay wins");
        assertTrue(warned(imported, "processes.db.liveness_probe: not carried over: hero-proc has one check per action"
                + ", which acts as readiness until it first passes and as liveness after; readiness_probe is that check"),
                imported.warnings()::toString);
        assertTrue(!warned(imported, "processes.db.liveness_probe: not carried over: hero-proc has one check per action"
                + ", which acts as readiness until it first passes and as liveness after; readiness_probe is that check ("),
                "db's start_period is its readiness probe's");
    }

    @Test
    void replicasAndTheReplicaNumberComeFromHeroProc() throws Exception {
        String yaml = """
                processes:
                  web:
                    command: >-
                      printf '%s|' port:80{{.PC_REPLICA_NUM}}0 "in double {{.PC_REPLICA_NUM}}"
                      'in single {{.PC_REPLICA_NUM}}' end{{.PC_REPLICA_NUM}}
                    replicas: 3
                    readiness_probe:
                      http_get: {host: 127.0.0.1, port: "80{{.PC_REPLICA_NUM}}0"}
                    shutdown:
                      command: ./stop {{.PC_REPLICA_NUM}}
                  none:
                    command: ./none
                    replicas: 0
                  migrate:
                    command: ./migrate
                    replicas: 2
                  app:
                    command: ./app
                    depends_on:
                      migrate: {condition: process_completed_successfully}
                """;
        ImportedManifest imported = ProcessComposeImporter.read("pc.yaml", yaml.getBytes(StandardCharsets.UTF_8));
        Manifest m = readBack(imported);
        ActionSpec web = m.actions().get("web");
        assertEquals(3, web.replicas());
        assertEquals("port:8010|in double 1|in single 1|end1|", runInBash(web.script(), "1"),
                "each replica's own number, wherever it stood: " + web.script());
        assertEquals("http://127.0.0.1:8000/", web.health().target(), "a check does not see HERO_PROC_REPLICA");
        assertTrue(warned(imported, "processes.web.readiness_probe.http_get.port: {{.PC_REPLICA_NUM}} taken as 0: a "
                + "check does not see HERO_PROC_REPLICA"), imported.warnings()::toString);
        assertEquals("./stop 0", web.stop().command());
        assertTrue(warned(imported, "processes.web.shutdown.command: {{.PC_REPLICA_NUM}} taken as 0: a stop command"));
        assertEquals(0, m.actions().get("none").replicas(), "replicas: 0 is kept");
        assertNull(m.actions().get("migrate").replicas(), "a oneshot runs once");
        assertEquals("oneshot", m.actions().get("migrate").kind());
        assertTrue(warned(imported, "processes.migrate.replicas: not carried over: another process waits for migrate"
                + " to complete, so it is a oneshot"), imported.warnings()::toString);

        ImportException tooMany = assertThrows(ImportException.class, () -> ProcessComposeImporter.read("pc.yaml",
                "processes:\n  web:\n    command: ./web\n    replicas: 1001\n".getBytes(StandardCharsets.UTF_8)));
        assertEquals(4, tooMany.line());
        assertTrue(tooMany.reason().contains("processes.web.replicas is 1001; hero-proc runs 0 to 1000 replicas"),
                tooMany.getMessage());
        ImportException negative = assertThrows(ImportException.class, () -> ProcessComposeImporter.read("pc.yaml",
                "processes:\n  web:\n    command: ./web\n    replicas: -1\n".getBytes(StandardCharsets.UTF_8)));
        assertTrue(negative.reason().contains("processes.web.replicas must be a whole number"), negative.getMessage());
    }

    /** What {@code script} prints under {@code bash -c} as replica {@code replica}. */
    private static String runInBash(String script, String replica) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", script).redirectErrorStream(true);
        pb.environment().put("HERO_PROC_REPLICA", replica);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS), "bash ended");
        assertEquals(0, p.exitValue(), out);
        return out;
    }

    @Test
    void envFilesAreMadeAbsoluteAgainstTheImportedFilesDirectory() {
        String yaml = """
                processes:
                  web:
                    command: ./web
                    env_file: .env
                    environment: [PORT=8080]
                  worker:
                    command: ./worker
                    env_file: [../shared/common.env, /etc/worker.env, ./conf/./worker.env]
                """;
        ImportedManifest imported = ProcessComposeImporter.read("/srv/app/process-compose.yaml",
                yaml.getBytes(StandardCharsets.UTF_8));
        Manifest m = readBack(imported);
        assertEquals(List.of("/srv/app/.env"), m.actions().get("web").envFile());
        assertEquals(Map.of("PORT", "8080"), env(m.actions().get("web")), "environment still wins, as its own env");
        assertEquals(List.of("/srv/shared/common.env", "/etc/worker.env", "/srv/app/conf/worker.env"),
                m.actions().get("worker").envFile());
        assertEquals(List.of(), imported.warnings());

        ImportException notAPath = assertThrows(ImportException.class, () -> ProcessComposeImporter.read("pc.yaml",
                "processes:\n  web:\n    command: ./web\n    env_file: {a: b}\n".getBytes(StandardCharsets.UTF_8)));
        assertEquals(4, notAPath.line());
        assertTrue(notAPath.reason().contains("processes.web.env_file must be a file path or a list of file paths"),
                notAPath.getMessage());
        ImportException empty = assertThrows(ImportException.class, () -> ProcessComposeImporter.read("pc.yaml",
                "processes:\n  web:\n    command: ./web\n    env_file: [a.env, '']\n".getBytes(StandardCharsets.UTF_8)));
        assertTrue(empty.reason().contains("processes.web.env_file[1] must be a file path"), empty.getMessage());
    }

    @Test
    void availabilityExitOnEndAndMaxRestarts() {
        String yaml = """
                processes:
                  job:
                    command: ./job
                    availability: {restart: on_failure, max_restarts: 5, exit_on_end: true}
                    shutdown: {signal: 2, timeout_seconds: 30}
                """;
        Manifest m = readBack(ProcessComposeImporter.read("pc.yaml", yaml.getBytes(StandardCharsets.UTF_8)));
        ServiceSpec job = m.services().get("job");
        assertEquals(5, job.restart().maxRestarts());
        assertEquals(true, job.essential());
        assertEquals(new ActionSpec.Stop("INT", "30s", null, null), m.actions().get("job").stop());
    }

    @Test
    void unparsableYamlNamesTheLineAndTheReason() {
        String yaml = "processes:\n  web:\n    command: [unclosed\n    working_dir: /tmp\n";
        ImportException e = assertThrows(ImportException.class,
                () -> ProcessComposeImporter.read("broken.yaml", yaml.getBytes(StandardCharsets.UTF_8)));
        assertTrue(e.line() > 0, e.getMessage());
        assertTrue(e.getMessage().startsWith("broken.yaml line " + e.line() + ": is not valid YAML"), e.getMessage());
    }

    @Test
    void aValueOfTheWrongShapeNamesItsLine() {
        String yaml = "processes:\n  web:\n    command: ./web\n    availability:\n      restart: sometimes\n";
        ImportException e = assertThrows(ImportException.class,
                () -> ProcessComposeImporter.read("pc.yaml", yaml.getBytes(StandardCharsets.UTF_8)));
        assertEquals(5, e.line(), e.getMessage());
        assertTrue(e.reason().contains("processes.web.availability.restart is 'sometimes'"), e.getMessage());
        ImportException none = assertThrows(ImportException.class,
                () -> ProcessComposeImporter.read("pc.yaml", "version: '0.5'\n".getBytes(StandardCharsets.UTF_8)));
        assertTrue(none.reason().contains("processes must be a mapping"), none.getMessage());
    }
}
