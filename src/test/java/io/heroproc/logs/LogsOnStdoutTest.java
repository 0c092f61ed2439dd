package io.heroproc.logs;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.heroproc.config.HeroProcConfig.Logs.StdoutFormat;
import io.heroproc.supervisor.Await;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code hero-proc.logs.stdout}: every line of every job also goes to hero-proc's stdout (here a
 * sink the test holds), prefixed with service and action and marked by stream, or as JSON; a
 * stdout that does not take the lines slows the job that floods it, loses nothing, and leaves the
 * capture of the other jobs alone.
 */
@QuarkusTest
@TestProfile(LogsOnStdoutTest.On.class)
class LogsOnStdoutTest extends LiveTestBase {

    public static class On implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("hero-proc.logs.stdout", "true");
        }
    }

    /** What reached "stdout"; writes wait while the gate is closed, as on a full pipe nobody reads. */
    static final class Sink extends OutputStream {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private volatile CountDownLatch gate = new CountDownLatch(0);

        void close(boolean closed) {
            if (closed) {
                gate = new CountDownLatch(1);
            } else {
                gate.countDown();
            }
        }

        @Override
        public void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            try {
                if (!gate.await(60, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("the test never opened the gate");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            synchronized (bytes) {
                bytes.write(b, off, len);
            }
        }

        String text() {
            synchronized (bytes) {
                return bytes.toString(StandardCharsets.UTF_8);
            }
        }

        boolean contains(String text) {
            byte[] needle = text.getBytes(StandardCharsets.UTF_8);
            synchronized (bytes) {
                byte[] all = bytes.toByteArray();
                return indexOf(all, needle) >= 0;
            }
        }

        private static int indexOf(byte[] all, byte[] needle) {
            return new String(all, StandardCharsets.ISO_8859_1).indexOf(new String(needle, StandardCharsets.ISO_8859_1));
        }
    }

    @Inject
    StdoutForwarder forwarder;

    private final Sink sink = new Sink();

    @AfterEach
    void openTheGate() {
        sink.close(false);
    }

    @Test
    void everyLineIsCopiedWithItsServiceActionAndStream() {
        forwarder.sink(sink, StdoutFormat.TEXT);
        String svc = name("tostdout");
        String act = svc + "_talk";
        shOneshot(act, "echo 'hello out'; echo 'hello err' >&2; printf 'no newline at the end'");
        plainService(svc, act);
        start(svc);
        Await.until(() -> sink.contains(svc + "/" + act + " | no newline at the end\n"), "copied to stdout");
        String text = sink.text();
        assertTrue(text.contains(svc + "/" + act + " | hello out\n"), text);
        assertTrue(text.contains(svc + "/" + act + " ! hello err\n"), "stderr is marked with '!': " + text);
    }

    @Test
    void jsonFormatWritesOneObjectPerLine() throws Exception {
        forwarder.sink(sink, StdoutFormat.JSON);
        String svc = name("tojson");
        String act = svc + "_talk";
        shOneshot(act, "echo 'a \"quoted\" line'; printf 'bad \\377 byte\\n' >&2");
        plainService(svc, act);
        start(svc);
        Await.until(() -> sink.contains("bad"), "copied to stdout");
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> lines = sink.text().lines().map(l -> {
            try {
                return json.readTree(l);
            } catch (Exception e) {
                throw new AssertionError("not one JSON object per line: " + l, e);
            }
        }).filter(n -> svc.equals(n.path("service").asText())).toList();
        assertEquals(2, lines.size(), sink.text());
        JsonNode out = lines.stream().filter(n -> n.path("stream").asText().equals("stdout")).findFirst().orElseThrow();
        assertEquals("a \"quoted\" line", out.path("line").asText());
        assertEquals(act, out.path("action").asText());
        assertTrue(out.path("job_id").asLong() > 0);
        assertTrue(out.path("ts").asText().endsWith("Z"), out.toString());
        JsonNode err = lines.stream().filter(n -> n.path("stream").asText().equals("stderr")).findFirst().orElseThrow();
        assertEquals("bad \uFFFD byte", err.path("line").asText());
    }

    @Test
    void aStdoutThatIsNotReadHoldsUpNoJobAndLosesNothing() {
        forwarder.sink(sink, StdoutFormat.TEXT);
        sink.close(true);
        String flood = name("flood");
        String floodAct = flood + "_seq";
        // 20.9 MB: more than a job may hold in memory (16 MiB) and its pipe (1 MiB) together.
        shOneshot(floodAct, "seq 1 3000000");
        plainService(flood, floodAct);
        String quiet = name("quiet");
        String quietAct = quiet + "_tick";
        shProcess(quietAct, "i=0; while true; do i=$((i+1)); echo quiet-$i; sleep 0.05; done # " + marker());
        plainService(quiet, quietAct);
        start(flood);
        long floodJob = awaitJob(flood, floodAct, 1);
        start(quiet);
        long quietJob = awaitJob(quiet, quietAct, 1);

        // While nothing reaches stdout, the quiet job is still captured line after line...
        awaitLines(quietJob, 20);
        // ...and the flood runs to its end, what memory cannot hold written aside until stdout takes it.
        awaitPhase(floodJob, "succeeded");
        assertTrue(sink.text().isEmpty(), "nothing went out yet");

        sink.close(false);
        Await.until(Duration.ofSeconds(60), () -> sink.contains(flood + "/" + floodAct + " | 3000000\n"),
                "the flood's last line reached stdout");
        String prefix = flood + "/" + floodAct + " | ";
        String text = sink.text();
        List<String> floodLines = text.lines().filter(l -> l.startsWith(prefix)).toList();
        assertEquals(3_000_000, floodLines.size(), "every line once");
        for (int i = 0; i < floodLines.size(); i++) {
            if (!floodLines.get(i).equals(prefix + (i + 1))) {
                assertEquals(prefix + (i + 1), floodLines.get(i), "in order");
            }
        }
        assertTrue(text.contains(quiet + "/" + quietAct + " | quiet-20\n"), "the quiet job's lines too");
        assertEquals("3000000", given().queryParam("tail", 1).when().get("/api/v1/jobs/{id}/logs", floodJob).then()
                .statusCode(200).extract().jsonPath().getString("[0].line"), "and stored");
    }
}
