package io.heroproc.importer;

import static io.heroproc.importer.ImportFixtures.bytes;
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
        assertEquals(Map.of("ABC", "222"), p0.env(), "the top-level environment reaches every process");
        assertEquals("never", m.services().get("process0").restart().policy(), "process-compose restarts nothing by default");

        ActionSpec p1 = m.actions().get("process1");
        assertEquals(Map.of("ABC", "222", "EXIT_CODE", "0"), p1.env());
        assertEquals(new ActionSpec.Stop("TERM", "4s", null, null), p1.stop(), "shutdown.signal 15, timeout_seconds");
        ServiceSpec s1 = m.services().get("process1");
        assertEquals(List.of("process2", "process3"), s1.requires(), "depends_on, _process2 renamed");
        assertEquals("on-failure", s1.restart().policy());
        assertEquals(new ServiceSpec.Backoff("2s", 1.0, "2s", 0.0), s1.restart().backoff(), "backoff_seconds");
        assertTrue(warned(imported, "processes.process1.shutdown.command: not carried over yet"), imported.warnings()::toString);
        assertTrue(warned(imported, "processes._process2: renamed to 'process2'"));

        ActionSpec p2 = m.actions().get("process2");
        assertEquals("oneshot", p2.kind(), "process1 waits for it to complete successfully");
        assertEquals(Map.of("ABC", "2221", "PRINT_ERR", "111", "EXIT_CODE", "2"), p2.env(), "a process's env wins");
        assertEquals(new ActionSpec.Health("http", "https://google.com/", null, "5s", "2s", 3, "5s", null), p2.health(),
                "readiness_probe http_get");
        assertEquals("oneshot", m.actions().get("process3").kind(), "process_completed");
        assertTrue(warned(imported, "processes.process1.depends_on.process3: process_completed carried over"));

        ActionSpec p4 = m.actions().get("process4");
        assertEquals(new ActionSpec.Health("exec", "bash -c 'ps -ef | grep -v grep | grep process4'", null, "2s", "1s", 3, "5s", null), p4.health(), "readiness_probe exec, through the shell");
        assertEquals("always", m.services().get("process3").restart().policy());

        assertEquals("python3 -m http.server 4040", m.actions().get("server").script(), "replica 0");
        assertEquals("http://127.0.0.1:4040/", m.actions().get("server").health().target());
        assertTrue(warned(imported, "processes.server.is_tty: not carried over"));
        assertEquals("stop", m.services().get("kcalc").wanted(), "disabled");
        assertNull(m.services().get("process0").wanted(), "enabled: hero-proc's default, start");
        assertEquals(List.of(), m.services().get("process3").requires(), "nginx is not declared in the file");
        assertTrue(warned(imported, "processes.process3.depends_on.nginx: not carried over: 'nginx' is not a process"));
        assertTrue(m.actions().containsKey("pc_log") && m.actions().containsKey("pc_log_client"), "__pc_log renamed");
        assertTrue(warned(imported, "processes.process5.namespace: not carried over"));
        assertTrue(warned(imported, "log_configuration: not carried over"));
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
        assertEquals(Map.of("ABC", "222"), m.actions().get("process8").env());
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
    void livenessProbeAloneIsTheHealthCheckAndBesideReadinessIsNotCarriedYet() {
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
                    liveness_probe:
                      exec: {command: "pidof api"}
                    replicas: 3
                """;
        ImportedManifest imported = ProcessComposeImporter.read("pc.yaml", yaml.getBytes(StandardCharsets.UTF_8));
        Manifest m = readBack(imported);
        assertEquals(new ActionSpec.Health("http", "http://127.0.0.1:8080/healthz", null, "3s", null, null, null, null),
                m.actions().get("web").health());
        assertEquals("bash -c 'curl -fs localhost:9000'", m.actions().get("api").health().target());
        assertTrue(warned(imported, "processes.api.liveness_probe: not carried over yet"), imported.warnings()::toString);
        assertTrue(warned(imported, "processes.api.replicas: not carried over yet (3)"));
    }

    @Test
    void startedConditionsAndShutdownCommandsOfTheShutdownFixture() {
        ImportedManifest imported = imported("process-compose-shutdown-inorder.yaml");
        Manifest m = readBack(imported);
        assertEquals(List.of("proca"), m.services().get("procb").requires(), "process_started");
        assertEquals("echo \"A: starting\"\n", m.actions().get("proca").script());
        assertTrue(warned(imported, "processes.procB.is_daemon: not carried over"));
        assertTrue(warned(imported, "processes.procC.isDaemon: not carried over"), "a misspelt key is reported");
        assertTrue(warned(imported, "processes.procC.shutdown.command: not carried over yet"));
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
