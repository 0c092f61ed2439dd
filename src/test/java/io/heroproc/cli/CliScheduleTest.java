package io.heroproc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.heroproc.support.Names;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A schedule set through the CLI, and its next fire time in {@code service status}. */
@QuarkusTest
class CliScheduleTest {

    @TestHTTPResource("/")
    URL url;

    private record Result(int code, String out, String err) {
    }

    private Result cli(String... args) {
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        int code = HeroProcMain.runClient(args, Map.of("HERO_PROC_URL", "http://127.0.0.1:" + url.getPort()),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void serviceStatusShowsWhenTheScheduleFiresNext() throws Exception {
        String name = Names.unique("clisched");
        assertEquals(0, cli("action", "set", name + "_a", "--script", "true", "--kind", "oneshot").code());
        Path yaml = Files.createTempFile("svc", ".yaml");
        Files.writeString(yaml, """
                actions: [%s_a]
                schedule: {every: 1h, overlap: queue}
                """.formatted(name));
        Result set = cli("service", "set", name, "-f", yaml.toString());
        assertEquals(0, set.code(), set.err());
        assertTrue(set.out().lines().anyMatch(l -> l.matches("schedule\\.every +1h")), set.out());

        Result status = cli("service", "status", name);
        assertEquals(0, status.code(), status.err());
        String line = status.out().lines().filter(l -> l.startsWith("next_run_at ")).findFirst()
                .orElseThrow(() -> new AssertionError("no next_run_at in:\n" + status.out()));
        // The CLI shows times in local time, to the second.
        Instant next = java.time.LocalDateTime.parse(line.substring("next_run_at".length()).trim(),
                java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")).atZone(java.time.ZoneId.systemDefault())
                .toInstant();
        assertTrue(Duration.between(Instant.now(), next).toMinutes() >= 58, "an hour away: " + line);

        var json = new ObjectMapper().readTree(cli("--json", "service", "status", name).out());
        assertEquals(next, Instant.parse(json.path("next_run_at").asText()).truncatedTo(java.time.temporal.ChronoUnit.SECONDS));

        Files.writeString(yaml, """
                actions: [%s_a]
                schedule: {cron: "*/5 * * *"}
                """.formatted(name));
        Result refused = cli("service", "set", name, "-f", yaml.toString());
        assertEquals(1, refused.code(), "refused by the server");
        assertTrue(refused.err().contains("schedule.cron"), refused.err());

        assertEquals(0, cli("service", "delete", name).code());
        assertEquals(0, cli("action", "delete", name + "_a").code());
        Files.delete(yaml);
    }
}
