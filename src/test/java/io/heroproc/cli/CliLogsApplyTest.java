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
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@code logs} (with {@code -f}) and {@code apply} against a running instance. */
@QuarkusTest
class CliLogsApplyTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource("/")
    URL url;

    private int run(ByteArrayOutputStream out, ByteArrayOutputStream err, String... args) {
        return HeroProcMain.runClient(args, Map.of("HERO_PROC_URL", "http://127.0.0.1:" + url.getPort()),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String[] ok(String... args) {
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        int code = run(out, err, args);
        assertEquals(0, code, () -> "stderr: " + err);
        return new String[] {out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8)};
    }

    @Test
    void logsFollowPrintsNewLinesUntilTheServiceStops() throws Exception {
        String name = Names.unique("clilog");
        ok("quick", name, "--interpreter", "bash", "--",
                "i=0; while true; do echo tick-$i; i=$((i+1)); sleep 0.1; done");
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        CompletableFuture<Integer> follow = CompletableFuture.supplyAsync(() -> run(out, err, "logs", name, "-f"));
        Await.until(Duration.ofSeconds(30), () -> out.toString(StandardCharsets.UTF_8).contains("tick-5"),
                "followed lines");
        ok("service", "stop", name);
        assertEquals(0, follow.get(30, TimeUnit.SECONDS), () -> "stderr: " + err);
        String[] lines = out.toString(StandardCharsets.UTF_8).lines().filter(l -> l.startsWith("tick-")).toArray(String[]::new);
        for (int i = 0; i < lines.length; i++) {
            assertEquals("tick-" + i, lines[i], "lines arrive complete and in order");
        }

        String[] json = ok("--json", "logs", name);
        JsonNode entries = JSON.readTree(json[0]);
        assertEquals("tick-0", entries.get(0).get("line").asText(), json[0]);
        ok("service", "delete", name);
    }

    @Test
    void logsShowTheLastHundredLinesByDefaultAndFollowFromTheTail() throws Exception {
        String name = Names.unique("clitail");
        ok("quick", name, "--interpreter", "bash", "--",
                "seq -f 'line-%g' 1 150; while true; do echo tick; sleep 0.1; done");
        Await.until(Duration.ofSeconds(30), () -> ok("logs", name, "-n", "3")[0].equals("tick\ntick\ntick\n"),
                "ticking");
        String[] all = ok("logs", name, "-n", "all")[0].split("\n");
        assertEquals("line-1", all[0], "-n all: from the first line");
        assertEquals("line-150", all[149]);
        List<String> shown = List.of(ok("logs", name)[0].split("\n"));
        assertEquals(100, shown.size(), "the last 100 by default");
        assertEquals("tick", shown.getLast());

        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        CompletableFuture<Integer> follow = CompletableFuture.supplyAsync(() -> run(out, err, "logs", name, "-f",
                "-n", "3"));
        Await.until(Duration.ofSeconds(30), () -> out.toString(StandardCharsets.UTF_8).lines().count() >= 6,
                "followed lines");
        ok("service", "stop", name);
        assertEquals(0, follow.get(30, TimeUnit.SECONDS), () -> "stderr: " + err);
        assertTrue(out.toString(StandardCharsets.UTF_8).lines().allMatch(l -> l.equals("tick") || l.startsWith("---")),
                "a follow from the tail starts after line-150: " + out);
        ok("service", "delete", name);
    }

    /** A child's escape sequences (here: clear screen, retitle the window, a right-to-left override) are shown, not obeyed. */
    @Test
    void logsShowTerminalEscapesEscapedUnlessRaw() throws Exception {
        String name = Names.unique("cliesc");
        ok("quick", name, "--kind", "oneshot", "--interpreter", "bash", "--",
                "printf 'a\\033[2Jb\\033]0;owned\\007c\\tdone\\u202eevil\\n'");
        Await.until(Duration.ofSeconds(30), () -> ok("logs", name)[0].contains("done"), "the line is captured");
        String shown = ok("logs", name)[0];
        assertEquals("a\\x1b[2Jb\\x1b]0;owned\\x07c\tdone\\u202eevil\n", shown);
        assertTrue(shown.chars().noneMatch(c -> c == 0x1b || c == 0x07 || c == 0x202e), "no control left: " + shown);
        assertEquals("a\u001b[2Jb\u001b]0;owned\u0007c\tdone\u202eevil\n", ok("logs", name, "--raw")[0],
                "--raw prints the bytes as they came");
        ok("service", "delete", name);
    }

    @Test
    void eventsSayWhatHappenedAndWhoDidItThenFollow() throws Exception {
        String name = Names.unique("clievents");
        ok("quick", name, "--no-start", "--", "sleep", "1000");
        String shown = ok("events", "--service", name)[0];
        assertTrue(shown.contains("service.created " + name + " (cli, loopback"), shown);

        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        CompletableFuture<Integer> follow = CompletableFuture.supplyAsync(() -> run(out, err, "events", "-f",
                "--service", name));
        Await.until(Duration.ofSeconds(30), () -> out.toString(StandardCharsets.UTF_8).contains("service.created"),
                "the latest events first");
        ok("service", "start", name);
        Await.until(Duration.ofSeconds(30), () -> out.toString(StandardCharsets.UTF_8).contains("job.started " + name),
                "then what happens, live: " + out);
        follow.cancel(true);
        ok("service", "delete", name);
    }

    @Test
    void applyCreatesThenChangesNothingAndNamesTheBadField() throws Exception {
        String name = Names.unique("cliapply");
        Path file = Files.createTempFile("manifest", ".yaml");
        Files.writeString(file, """
                actions:
                  %1$s-a: {script: "sleep 1000"}
                services:
                  %1$s: {actions: [%1$s-a], wanted: stop}
                """.formatted(name));
        JsonNode first = JSON.readTree(ok("--json", "apply", "-f", file.toString())[0]);
        assertEquals(name, first.at("/created/services/0").asText(), first.toString());
        JsonNode second = JSON.readTree(ok("--json", "apply", "-f", file.toString())[0]);
        assertEquals(name, second.at("/unchanged/services/0").asText(), second.toString());
        assertTrue(second.at("/created/services").isEmpty(), second.toString());

        Files.writeString(file, """
                services:
                  %s: {actions: [%s-a], wanted: sometimes}
                """.formatted(name, name));
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        assertEquals(1, run(out, err, "apply", "-f", file.toString()));
        String message = err.toString(StandardCharsets.UTF_8);
        assertEquals(1, message.lines().count(), message);
        assertTrue(message.contains("services." + name + ".wanted"), message);
        ok("service", "delete", name);
        ok("action", "delete", name + "-a");
    }
}
