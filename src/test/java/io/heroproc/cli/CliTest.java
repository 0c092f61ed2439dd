package io.heroproc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.heroproc.support.Names;
import io.heroproc.supervisor.Await;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Drives the CLI in-process, through {@link HeroProcMain#runClient}, against the test server. */
@QuarkusTest
class CliTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource("/")
    URL url;

    private final List<String> services = new ArrayList<>();

    record Result(int code, String out, String err) {

        JsonNode json() throws Exception {
            return JSON.readTree(out);
        }

        Result ok() {
            assertEquals(0, code, () -> "exit " + code + ", stderr: " + err);
            assertEquals("", err);
            return this;
        }

        /** A failure: the given exit code, nothing on stdout, exactly one line on stderr. */
        Result fails(int expected) {
            assertEquals(expected, code, () -> "stdout: " + out + " stderr: " + err);
            assertEquals("", out);
            assertTrue(err.startsWith("hero-proc: "), err);
            assertEquals(1, err.lines().count(), err);
            assertTrue(err.endsWith("\n"), err);
            return this;
        }
    }

    private Result cli(String... args) {
        return cli(Map.of("HERO_PROC_URL", "http://127.0.0.1:" + url.getPort()), args);
    }

    private static Result cli(Map<String, String> env, String... args) {
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        int code = HeroProcMain.runClient(args, env, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private String service(String prefix) {
        String name = Names.unique(prefix);
        services.add(name);
        return name;
    }

    /** Leaves nothing running for the other tests: every service made here is killed and deleted. */
    @AfterEach
    void cleanUp() {
        for (String s : services) {
            cli("service", "wanted", s, "stop");
            cli("service", "kill", s);
            cli("service", "delete", s);
        }
    }

    private JsonNode await(String what, Predicate<JsonNode> condition, String... args) {
        AtomicReference<JsonNode> met = new AtomicReference<>();
        Await.untilCall(Duration.ofSeconds(20), () -> {
            Result r = cli(args);
            if (r.code() != 0) {
                throw new AssertionError("exit " + r.code() + ": " + r.err());
            }
            JsonNode answer = r.json();
            if (!condition.test(answer)) {
                throw new AssertionError("last answer: " + answer);
            }
            met.set(answer);
            return true;
        }, what);
        return met.get();
    }

    private static String line(String out, String startingWith) {
        return out.lines().filter(l -> l.startsWith(startingWith + " ")).findFirst()
                .orElseThrow(() -> new AssertionError("no line for " + startingWith + " in:\n" + out));
    }

    @Test
    void quickCreatesAServiceThatServiceListShows() throws Exception {
        String name = service("cliq");
        Result created = cli("quick", name, "--no-start", "--env", "MODE=test", "--", "sleep", "3600").ok();
        assertTrue(created.out().contains(name + "_action"), created.out());

        Result list = cli("service", "list").ok();
        assertTrue(list.out().startsWith("NAME "), list.out());
        assertTrue(list.out().lines().findFirst().orElseThrow().matches(
                "NAME +STATE +WANTED +PIDS +RESTARTS +REASON"), list.out());
        assertTrue(line(list.out(), name).matches(name + " +inactive +stop +- +0 .*"), list.out());

        JsonNode all = cli("service", "list", "--json").ok().json();
        assertTrue(all.isArray());
        JsonNode mine = null;
        for (JsonNode s : all) {
            if (s.path("name").asText().equals(name)) {
                mine = s;
            }
        }
        assertEquals("stop", mine.path("wanted").asText());

        JsonNode action = cli("--json", "action", "get", name + "_action").ok().json();
        assertEquals("sleep 3600", action.path("script").asText());
        assertEquals(name, action.path("generated_by").asText());
        assertEquals("test", action.path("env").path("MODE").asText());
        assertTrue(line(cli("action", "list").ok().out(), name + "_action").contains(name), "SERVICE column");

        JsonNode service = cli("service", "get", name, "--json").ok().json();
        assertEquals(List.of(name + "_action"), JSON.convertValue(service.get("actions"), List.class));
        assertTrue(cli("service", "get", name).ok().out().lines().anyMatch(l -> l.matches("wanted +stop")));
    }

    @Test
    void quickQuotesTheCommandSoExecGetsTheSameArgv() throws Exception {
        String name = service("cliarg");
        cli("quick", name, "--no-start", "--", "printf", "%s\\n", "two words", "it's").ok();
        assertEquals("printf '%s\\n' 'two words' 'it'\\''s'",
                cli("action", "get", name + "_action", "--json").ok().json().path("script").asText());

        String shell = service("clish");
        cli("quick", shell, "--no-start", "--interpreter", "sh", "--kind", "oneshot", "--", "echo a | wc -c").ok();
        JsonNode a = cli("action", "get", shell + "_action", "--json").ok().json();
        assertEquals("echo a | wc -c", a.path("script").asText());
        assertEquals("sh", a.path("interpreter").asText());
        assertEquals("oneshot", a.path("kind").asText());
    }

    @Test
    void serviceControlAndWanted() throws Exception {
        String name = service("clictl");
        cli("quick", name, "--", "sleep", "3600").ok();
        await("running", s -> s.path("state").asText().equals("running"), "service", "status", name, "--json");

        Result status = cli("service", "status", name).ok();
        assertTrue(status.out().lines().anyMatch(l -> l.matches("state +running")), status.out());
        assertTrue(status.out().lines().anyMatch(l -> l.matches("pids +\\d+")), status.out());

        JsonNode stopped = cli("service", "stop", name, "--json").ok().json();
        assertEquals(name, stopped.path("name").asText());
        await("stopped", s -> !s.path("state").asText().equals("running"), "service", "status", name, "--json");

        assertTrue(cli("service", "start", name).ok().out().contains("state"));
        await("running again", s -> s.path("state").asText().equals("running"), "service", "status", name,
                "--json");

        assertEquals(name, cli("service", "restart", name, "--json").ok().json().path("name").asText());
        await("running after restart", s -> s.path("state").asText().equals("running"), "service", "status", name,
                "--json");

        JsonNode ignored = cli("service", "wanted", name, "ignore", "--json").ok().json();
        assertEquals("ignore", ignored.path("wanted").asText());
        assertTrue(cli("service", "wanted", name, "stop").ok().out().lines().anyMatch(l -> l.matches(
                "wanted +stop")));

        assertEquals(name, cli("service", "kill", name, "--json").ok().json().path("name").asText());
        await("killed", s -> s.path("pids").isEmpty(), "service", "status", name, "--json");

        assertEquals("deleted service " + name + "\n", cli("service", "delete", name).ok().out());
        assertEquals("hero-proc: no service named '" + name + "'\n", cli("service", "get", name).fails(1).err());
    }

    /** A crash loop reads as such: restarting, with the restart count and the backoff as the reason. */
    @Test
    void aCrashLoopingServiceIsListedAsRestarting() throws Exception {
        String name = service("cliloop");
        cli("quick", name, "--interpreter", "sh", "--", "exit 3").ok();
        JsonNode status = await("restarting", s -> s.path("state").asText().equals("restarting"), "service",
                "status", name, "--json");
        assertTrue(status.path("next_restart_at").isTextual(), status.toString());
        // Each backoff lasts a second or more; a list taken between two of them shows the attempt running.
        Await.untilCall(Duration.ofSeconds(20), () -> line(cli("service", "list").ok().out(), name).matches(
                name + " +restarting +start +- +\\d+ +backoff: restart \\d+ in .*exit 3.*"), "list shows restarting");
    }

    @Test
    void serviceSetFromJsonAndYamlFiles() throws Exception {
        String action = Names.unique("clisa");
        cli("action", "set", action, "--script", "true", "--kind", "oneshot").ok();
        String name = service("clisvc");
        Path json = Files.createTempFile("svc", ".json");
        Files.writeString(json, """
                {"actions": ["%s"], "wanted": "spec"}""".formatted(action));
        assertTrue(cli("service", "set", name, "-f", json.toString()).ok().out().lines()
                .anyMatch(l -> l.matches("wanted +spec")));

        Path yaml = Files.createTempFile("svc", ".yaml");
        Files.writeString(yaml, """
                actions: [%s]
                wanted: stop
                restart:
                  policy: never
                """.formatted(action));
        JsonNode s = cli("service", "set", name, "--file", yaml.toString(), "--json").ok().json();
        assertEquals("stop", s.path("wanted").asText());
        assertEquals("never", s.path("restart").path("policy").asText());

        cli("service", "delete", name).ok();
        cli("action", "delete", action).ok();
        Files.delete(json);
        Files.delete(yaml);
    }

    @Test
    void actionsListGetSetDelete() throws Exception {
        String name = Names.unique("cliact");
        Result set = cli("action", "set", name, "--script", "sleep 1", "--interpreter", "sh", "--kind", "oneshot",
                "--timeout", "5s", "--env", "A=1", "--env", "B=two", "--stop-signal", "INT").ok();
        assertTrue(set.out().lines().anyMatch(l -> l.matches("env\\.B +two")), set.out());

        JsonNode a = cli("action", "get", name, "--json").ok().json();
        assertEquals("sleep 1", a.path("script").asText());
        assertEquals("sh", a.path("interpreter").asText());
        assertEquals("oneshot", a.path("kind").asText());
        assertEquals("5s", a.path("timeout").asText());
        assertEquals("1", a.path("env").path("A").asText());
        assertEquals("INT", a.path("stop").path("signal").asText());

        Result list = cli("action", "list").ok();
        assertTrue(list.out().lines().findFirst().orElseThrow().matches("NAME +KIND +INTERPRETER +SERVICE +SCRIPT"));
        assertTrue(line(list.out(), name).matches(name + " +oneshot +sh +- +sleep 1"), list.out());
        assertTrue(cli("action", "list", "--json").ok().json().isArray());

        // A file gives the spec, options override it.
        String other = Names.unique("cliact");
        Path file = Files.createTempFile("action", ".yml");
        Files.writeString(file, """
                script: echo from-file
                kind: oneshot
                depends_on:
                  - action: %s
                """.formatted(name));
        JsonNode fromFile = cli("action", "set", other, "-f", file.toString(), "--script", "echo overridden",
                "--json").ok().json();
        assertEquals("echo overridden", fromFile.path("script").asText());
        assertEquals(name, fromFile.path("depends_on").get(0).path("action").asText());
        Files.delete(file);

        assertEquals("deleted action " + other + "\n", cli("action", "delete", other).ok().out());
        JsonNode deleted = cli("action", "delete", name, "--json").ok().json();
        assertTrue(deleted.path("deleted").asBoolean());
        assertEquals("hero-proc: no action named '" + name + "'\n", cli("action", "get", name).fails(1).err());
    }

    @Test
    void runsAndJobs() throws Exception {
        String name = service("clirun");
        cli("quick", name, "--kind", "oneshot", "--interpreter", "sh", "--", "echo done").ok();
        JsonNode runs = await("a finished run", r -> r.size() == 1 && r.get(0).path("status").asText().equals("ok"),
                "run", "list", "--service", name, "--json");
        long runId = runs.get(0).path("id").asLong();

        Result list = cli("run", "list", "--service", name, "--limit", "5").ok();
        assertTrue(list.out().lines().findFirst().orElseThrow().matches(
                "ID +SERVICE +STATUS +RESTARTS +STARTED +ENDED +REASON"), list.out());
        assertTrue(line(list.out(), Long.toString(runId)).contains(name + "  ok"), list.out());
        assertTrue(cli("run", "list", "--status", "ok", "--limit", "1", "--json").ok().json().isArray());

        Result run = cli("run", "get", Long.toString(runId)).ok();
        assertTrue(run.out().lines().anyMatch(l -> l.matches("service +" + name)), run.out());
        assertTrue(run.out().lines().anyMatch(l -> l.matches(
                "ID +ACTION +ATTEMPT +PHASE +PID +EXIT +STARTED +ENDED +REASON")), run.out());
        assertTrue(run.out().contains(name + "_action"), run.out());
        assertTrue(run.out().contains("exit 0"), run.out());

        JsonNode withJobs = cli("run", "get", Long.toString(runId), "--json").ok().json();
        assertEquals(1, withJobs.path("jobs").size());
        long jobId = withJobs.path("jobs").get(0).path("id").asLong();

        Result job = cli("job", "get", Long.toString(jobId)).ok();
        assertTrue(job.out().lines().anyMatch(l -> l.matches("phase +succeeded")), job.out());
        JsonNode jobJson = cli("job", "get", Long.toString(jobId), "--json").ok().json();
        assertEquals(name + "_action", jobJson.path("action").asText());
        assertEquals(0, jobJson.path("exit_code").asInt());
        assertTrue(cli("job", "list", "--service", name).ok().out().contains(name + "_action"));

        assertEquals("hero-proc: no run with id 999999999\n", cli("run", "get", "999999999").fails(1).err());
        assertEquals("hero-proc: no job with id 999999999\n", cli("job", "get", "999999999").fails(1).err());
    }

    @Test
    void refusedRequestsSayWhyInOneLine() {
        cli("service", "status", "no-such-svc-cli").fails(1);
        assertEquals("hero-proc: no service named 'no-such-svc-cli'\n",
                cli("service", "status", "no-such-svc-cli").err());
        assertEquals("hero-proc: no service named 'no-such-svc-cli'\n",
                cli("service", "start", "no-such-svc-cli").fails(1).err());

        String bad = cli("action", "set", "Bad_Name", "--script", "true").fails(1).err();
        assertTrue(bad.contains("name") && bad.contains("must match"), bad);

        String kind = cli("action", "set", Names.unique("clibad"), "--script", "true", "--kind", "daemon")
                .fails(1).err();
        assertTrue(kind.contains("kind"), kind);

        String name = service("cliwant");
        cli("quick", name, "--no-start", "--", "true").ok();
        String wanted = cli("service", "wanted", name, "sometimes").fails(1).err();
        assertTrue(wanted.contains("wanted") && wanted.contains("sometimes"), wanted);

        String limit = cli("run", "list", "--status", "sideways").fails(1).err();
        assertTrue(limit.contains("status"), limit);
    }

    @Test
    void usageMistakesExitTwo() {
        assertEquals("hero-proc: unknown command 'frobnicate' (see: hero-proc help)\n",
                cli("frobnicate").fails(2).err());
        assertTrue(cli("service", "bogus").fails(2).err().contains("unknown subcommand 'service bogus'"));
        assertTrue(cli("service").fails(2).err().contains("needs a subcommand"));
        assertTrue(cli("service", "status").fails(2).err().contains("needs a service NAME"));
        assertTrue(cli("service", "list", "--wide").fails(2).err().contains("unknown option --wide"));
        assertTrue(cli("run", "get", "abc").fails(2).err().contains("must be a whole number"));
        assertTrue(cli("quick", "x").fails(2).err().contains("needs the command after --"));
        assertTrue(cli("service", "set", "x").fails(2).err().contains("-f FILE"));
        assertTrue(cli("service", "set", "x", "-f", "/nonexistent/spec.json").fails(2).err()
                .contains("no such file"));
        assertTrue(cli("action", "set", "x").fails(2).err().contains("-f FILE or --script"));
        assertTrue(cli(Map.of("HERO_PROC_URL", "not a url"), "service", "list").fails(2).err()
                .contains("HERO_PROC_URL"));
    }

    @Test
    void helpGoesToStdout() {
        for (String[] args : List.of(new String[] {"help"}, new String[] {"--help"}, new String[] {},
                new String[] {"service", "-h"})) {
            Result r = cli(args).ok();
            assertTrue(r.out().startsWith("Usage: hero-proc"), r.out());
            assertTrue(r.out().contains("quick NAME"), r.out());
        }
    }

    @Test
    void anUnreachableServerExitsThree() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        String base = "http://127.0.0.1:" + port;
        long t0 = System.nanoTime();
        Result r = cli(Map.of("HERO_PROC_URL", base), "service", "list").fails(3);
        assertEquals("hero-proc: cannot reach hero-proc at " + base + " (connection refused)\n", r.err());
        assertTrue(System.nanoTime() - t0 < 5_000_000_000L);
    }

    @Test
    void theTokenIsSentAndTheDefaultUrlUsed() {
        // No server checks tokens yet; sending one must simply not break anything.
        cli(Map.of("HERO_PROC_URL", "http://127.0.0.1:" + url.getPort() + "/", "HERO_PROC_TOKEN", "secret"),
                "service", "list").ok();
    }
}
