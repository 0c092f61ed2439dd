package io.heroproc.cli;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.heroproc.support.Names;
import io.heroproc.supervisor.Await;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code import} (printed and {@code --apply}), {@code apply -f DIR} and {@code include:} against a running instance. */
@QuarkusTest
class CliImportApplyTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource("/")
    URL url;

    @TempDir
    Path dir;

    private record Result(int code, String out, String err) {
    }

    private Result run(String... args) {
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        int code = HeroProcMain.runClient(args, Map.of("HERO_PROC_URL", "http://127.0.0.1:" + url.getPort()),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private Result ok(String... args) {
        Result r = run(args);
        assertEquals(0, r.code(), () -> "stderr: " + r.err());
        return r;
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = CliImportApplyTest.class.getResourceAsStream("/import/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static JsonNode status(String service) {
        return readJson(given().get("/api/v1/services/{name}/status", service).then().statusCode(200).extract().asString());
    }

    private static JsonNode onlyJob(String service) {
        JsonNode jobs = readJson(given().queryParam("service", service).get("/api/v1/jobs").then().statusCode(200)
                .extract().asString());
        JsonNode items = jobs.isArray() ? jobs : jobs.path("items");
        assertEquals(1, items.size(), () -> service + " ran once: " + jobs);
        return items.get(0);
    }

    private static JsonNode readJson(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void importPrintsTheManifestAndApplyRunsTheRhombusInDependencyOrder() throws Exception {
        String p = Names.unique("rh");
        Path file = Files.writeString(dir.resolve("process-compose.yaml"),
                resource("process-compose-chain-rhombus.yaml").replaceAll("process(\\d)", p + "_$1"));

        Result printed = ok("import", file.toString());
        assertTrue(printed.out().contains("services:") && printed.out().contains(p + "_8:"), printed.out());
        assertTrue(printed.out().startsWith("# Imported by hero-proc from " + file), printed.out());
        given().get("/api/v1/services/{name}", p + "_1").then().statusCode(404);

        Result applied = ok("import", file.toString(), "--apply");
        assertTrue(applied.out().contains("created"), applied.out());
        for (int i = 1; i <= 8; i++) {
            String s = p + "_" + i;
            Await.untilCall(Duration.ofSeconds(60), () -> onlyJob(s).path("exit_code").asInt(-1) == 0,
                    s + " ran its echo and exited 0");
        }
        int[][] requires = {{1, 2}, {2, 3}, {3, 4}, {4, 5}, {5, 6}, {5, 7}, {6, 8}, {7, 8}};
        for (int[] edge : requires) {
            JsonNode dependent = onlyJob(p + "_" + edge[0]);
            JsonNode dependency = onlyJob(p + "_" + edge[1]);
            Instant started = Instant.parse(dependent.get("started_at").asText());
            Instant ended = Instant.parse(dependency.get("ended_at").asText());
            assertTrue(!started.isBefore(ended), () -> edge[0] + " started at " + started + " before " + edge[1]
                    + " completed at " + ended);
        }
        assertEquals("success", status(p + "_8").get("state").asText(), "a oneshot that succeeded rests in success");
    }

    @Test
    void importOfSupervisordConfigAppliesAndItsProgramRuns() throws Exception {
        String name = Names.unique("sv");
        Path conf = Files.writeString(dir.resolve("supervisord.conf"), """
                [supervisord]
                nodaemon=true

                [program:%s]
                command=/bin/sh -c "exec sleep 300"
                directory=%%(here)s
                environment=GREETING="hello, world"
                stopsignal=INT
                stopwaitsecs=5
                """.formatted(name));
        Result r = ok("import", conf.toString(), "--apply");
        assertTrue(r.err().contains("warning: [supervisord] nodaemon: not carried over"), r.err());
        Await.untilCall(Duration.ofSeconds(30), () -> status(name).get("state").asText().equals("running")
                && status(name).get("pids").size() == 1, name + " running");
        JsonNode action = readJson(given().get("/api/v1/actions/{name}", name).then().statusCode(200).extract().asString());
        assertEquals(dir.toString(), action.get("cwd").asText());
        assertEquals("hello, world", action.get("env").get("GREETING").asText());
        assertEquals("INT", action.get("stop").get("signal").asText());
        ok("service", "stop", name);
        Await.untilCall(Duration.ofSeconds(30), () -> status(name).get("state").asText().equals("exited"), name + " stopped");
    }

    private static JsonNode jobs(String service) {
        JsonNode jobs = readJson(given().queryParam("service", service).get("/api/v1/jobs").then().statusCode(200)
                .extract().asString());
        return jobs.isArray() ? jobs : jobs.path("items");
    }

    private static boolean holds(Path file, String text) {
        try {
            return Files.exists(file) && Files.readString(file).equals(text);
        } catch (IOException e) {
            return false;
        }
    }

    @Test
    void numprocsAreReplicasEachWithItsProcessNumberAndExitcodesCountAsSuccess() throws Exception {
        String name = Names.unique("np");
        Path conf = Files.writeString(dir.resolve("supervisord.conf"), """
                [program:%s]
                command=/bin/sh -c "echo replica %%(process_num)d > %%(here)s/out-%%(process_num)d; exit 3"
                process_name=%%(program_name)s_%%(process_num)d
                numprocs=2
                exitcodes=0,3
                autorestart=unexpected
                """.formatted(name));
        Result r = ok("import", conf.toString(), "--apply");
        assertTrue(r.out().contains("created"), r.out());
        for (int i = 0; i < 2; i++) {
            Path out = dir.resolve("out-" + i);
            Await.untilCall(Duration.ofSeconds(60), () -> holds(out, "replica " + out.getFileName().toString()
                    .substring(4) + "\n"), out + " written by the replica that sees HERO_PROC_REPLICA=" + i);
        }
        Await.untilCall(Duration.ofSeconds(60), () -> {
            JsonNode jobs = jobs(name);
            return jobs.size() == 2 && jobs.get(0).path("phase").asText().equals("succeeded")
                    && jobs.get(1).path("phase").asText().equals("succeeded");
        }, name + "'s two replicas exited 3, a success: not restarted by on-failure");
        for (JsonNode job : jobs(name)) {
            assertEquals(3, job.path("exit_code").asInt(), job::toString);
        }
        assertTrue(!Files.exists(dir.resolve("out-2")), "two replicas, numbered 0 and 1");
        JsonNode action = readJson(given().get("/api/v1/actions/{name}", name).then().statusCode(200).extract().asString());
        assertEquals(2, action.get("replicas").asInt(), action::toString);
        assertEquals("[0,3]", action.get("success_exit_codes").toString());
    }

    @Test
    void processComposeReplicasReadTheirEnvFileRelativeToTheImportedFile() throws Exception {
        String name = Names.unique("pcr");
        Files.writeString(dir.resolve("app.env"), "GREETING=hello from the env file\n");
        Path yaml = Files.writeString(dir.resolve("process-compose.yaml"), """
                processes:
                  %s:
                    command: echo "$GREETING {{.PC_REPLICA_NUM}}" > out-{{.PC_REPLICA_NUM}}.txt
                    working_dir: %s
                    env_file: app.env
                    replicas: 2
                """.formatted(name, dir));
        Result r = ok("import", yaml.toString(), "--apply");
        assertTrue(r.out().contains("created"), r.out());
        for (int i = 0; i < 2; i++) {
            Path out = dir.resolve("out-" + i + ".txt");
            String expected = "hello from the env file " + i + "\n";
            Await.untilCall(Duration.ofSeconds(60), () -> holds(out, expected), out + " holds '" + expected + "'");
        }
        JsonNode action = readJson(given().get("/api/v1/actions/{name}", name).then().statusCode(200).extract().asString());
        assertEquals("[\"" + dir.resolve("app.env") + "\"]", action.get("env_file").toString(),
                "made absolute by the import, applied from elsewhere");
    }

    @Test
    void applyReadsADirectoryAndItsIncludesAndTheServicesRun() throws Exception {
        String a = Names.unique("dira");
        String b = Names.unique("dirb");
        Path conf = dir.resolve("conf");
        Files.createDirectories(conf.resolve("parts"));
        Files.writeString(conf.resolve("10-a.yaml"), """
                include: [parts/b.yaml]
                actions: {%1$s: {interpreter: bash, script: exec sleep 300}}
                services: {%1$s: {actions: [%1$s], requires: [%2$s]}}
                """.formatted(a, b));
        Files.writeString(conf.resolve("parts/b.yaml"), """
                actions: {%1$s: {interpreter: bash, script: exec sleep 300}}
                """.formatted(b));
        Files.writeString(conf.resolve("20-b.json"), """
                {"services": {"%1$s": {"actions": ["%1$s"]}}}
                """.formatted(b));

        ok("apply", "-f", conf.toString());
        for (String s : new String[] {a, b}) {
            Await.untilCall(Duration.ofSeconds(30), () -> status(s).get("state").asText().equals("running")
                    && status(s).get("pids").size() == 1, s + " running");
        }
        ok("service", "stop", b);
        Await.untilCall(Duration.ofSeconds(30), () -> status(a).get("state").asText().equals("exited"),
                "stopping " + b + " stops " + a + " which requires it");
    }

    @Test
    void badInputIsRefusedWithItsLineAndNothingIsStored() throws Exception {
        String name = Names.unique("bad");
        Path conf = Files.writeString(dir.resolve("supervisord.conf"), """
                [program:%s]
                command=/bin/sleep 300
                this is not a setting
                """.formatted(name));
        Result r = run("import", conf.toString(), "--apply");
        assertEquals(CliException.USAGE, r.code());
        assertTrue(r.err().contains(conf + " line 3: expected [section], key = value or a comment"), r.err());
        given().get("/api/v1/services/{name}", name).then().statusCode(404);

        Path yaml = Files.writeString(dir.resolve("pc.yaml"), "processes:\n  " + name + ":\n    command: [oops\n");
        Result broken = run("import", yaml.toString());
        assertEquals(CliException.USAGE, broken.code());
        assertTrue(broken.err().matches("(?s)hero-proc: .*pc.yaml line \\d+: is not valid YAML.*"), broken.err());
        assertEquals("", broken.out());

        Path main = Files.writeString(dir.resolve("main.yaml"), """
                include: [other.yaml]
                actions: {%1$s: {script: sleep 300}}
                services: {%1$s: {actions: [%1$s]}}
                """.formatted(name));
        Files.writeString(dir.resolve("other.yaml"), "include: [main.yaml]\n");
        Result cycle = run("apply", "-f", main.toString());
        assertEquals(CliException.USAGE, cycle.code());
        assertTrue(cycle.err().contains("an include cycle: main.yaml -> other.yaml -> main.yaml"), cycle.err());
        Files.writeString(dir.resolve("other.yaml"), "include: [gone.yaml]\n");
        Result missing = run("apply", "-f", main.toString());
        assertEquals(CliException.USAGE, missing.code());
        assertTrue(missing.err().contains("(other.yaml) includes gone.yaml: no such file or directory"), missing.err());
        given().get("/api/v1/services/{name}", name).then().statusCode(404);
        given().get("/api/v1/actions/{name}", name).then().statusCode(404);
    }

    @Test
    void aPostedManifestCannotIncludeFiles() {
        String name = Names.unique("inc");
        given().contentType("application/yaml")
                .body(("include: [other.yaml]\nactions: {" + name + ": {script: sleep 1}}\n").getBytes(StandardCharsets.UTF_8))
                .post("/api/v1/manifests").then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("include"));
        given().get("/api/v1/actions/{name}", name).then().statusCode(404);
    }
}
