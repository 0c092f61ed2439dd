package io.heroproc.events;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.heroproc.supervisor.Await;
import io.heroproc.supervisor.Procs;
import io.heroproc.support.Names;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.time.Duration;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** {@code /q/metrics} in Prometheus format: the services' figures, and how they change when one crashes. */
@QuarkusTest
class MetricsTest {

    private static String metrics() {
        return given().when().get("/q/metrics").then().statusCode(200).extract().asString();
    }

    /** The value of the sample {@code name{labels}} (labels in the order Prometheus prints them), or -1. */
    private static double value(String metrics, String name, String labels) {
        var m = Pattern.compile("^" + Pattern.quote(name + "{" + labels + "}") + " ([0-9.eE+-]+)$", Pattern.MULTILINE)
                .matcher(metrics);
        return m.find() ? Double.parseDouble(m.group(1)) : -1;
    }

    @Test
    void serviceFiguresAreExposedAndChangeWhenAServiceCrashes() {
        String svc = Names.unique("met");
        String mark = Procs.marker();
        given().contentType(ContentType.JSON).body("{\"interpreter\": \"bash\", \"script\": \"exec -a " + mark
                + " sleep 1000\"}").when().put("/api/v1/actions/{n}", svc + "_a").then().statusCode(201);
        given().contentType(ContentType.JSON).body("{\"actions\": [\"" + svc + "_a\"], \"restart\": {\"backoff\": "
                + "{\"initial\": \"100ms\"}}}").when().put("/api/v1/services/{n}", svc).then().statusCode(201);
        Await.until(Duration.ofSeconds(30), () -> value(metrics(), "heroproc_service_state", "service=\"" + svc
                + "\",state=\"running\"") == 1.0, svc + " running in the metrics");
        String m = metrics();
        assertTrue(value(m, "heroproc_service_state", "service=\"" + svc + "\",state=\"failed\"") == 0.0, m);
        assertTrue(value(m, "heroproc_service_wanted", "service=\"" + svc + "\",wanted=\"start\"") == 1.0);
        Await.until(Duration.ofSeconds(30), () -> value(metrics(), "heroproc_service_rss_bytes", "service=\"" + svc
                + "\"") > 0, "its memory is measured");
        assertTrue(m.contains("heroproc_loop_queue"), "the loop's queue depth");
        assertTrue(m.contains("heroproc_loop_command_seconds_count"), "the loop's command time");
        assertTrue(m.contains("jvm_memory_used_bytes"), "the JVM's own figures");
        assertFalse(Pattern.compile("(job|pid)=\"").matcher(m).find(), "no job ids nor pids as labels");

        ProcessHandle.of(Procs.withMarker(mark).getFirst()).ifPresent(ProcessHandle::destroyForcibly);
        Await.until(Duration.ofSeconds(30), () -> value(metrics(), "heroproc_service_restarts_total", "service=\"" + svc
                + "\"") == 1.0, "the restart is counted");
        String after = metrics();
        assertTrue(value(after, "heroproc_job_exits_total", "outcome=\"failed\",service=\"" + svc + "\"") == 1.0,
                after.lines().filter(l -> l.contains(svc)).toList().toString());
        Await.until(Duration.ofSeconds(30), () -> value(metrics(), "heroproc_service_state", "service=\"" + svc
                + "\",state=\"running\"") == 1.0, "running again");
        given().contentType(ContentType.JSON).when().post("/api/v1/services/{n}/stop", svc).then().statusCode(200);
    }

    /** The counter without labels: {@code name value}, or -1. */
    private static double plain(String metrics, String name) {
        var m = Pattern.compile("^" + Pattern.quote(name) + " ([0-9.eE+-]+)$", Pattern.MULTILINE).matcher(metrics);
        return m.find() ? Double.parseDouble(m.group(1)) : -1;
    }

    @Test
    void storedOutputIsCounted() {
        double lines = plain(metrics(), "heroproc_log_lines_total");
        double bytes = plain(metrics(), "heroproc_log_bytes_total");
        assertTrue(lines >= 0 && bytes >= 0, "the log writer's counters are there");
        assertTrue(plain(metrics(), "heroproc_log_unstored_bytes") >= 0, "and the bytes waiting in memory");
        String svc = Names.unique("mlog");
        given().contentType(ContentType.JSON).body("""
                {"name": "%s", "command": "seq 1 500", "interpreter": "sh", "kind": "oneshot"}""".formatted(svc))
                .when().post("/api/v1/quick-services").then().statusCode(201);
        // "1\n" .. "500\n": 1,892 bytes of lines.
        Await.until(Duration.ofSeconds(30), () -> plain(metrics(), "heroproc_log_lines_total") >= lines + 500
                && plain(metrics(), "heroproc_log_bytes_total") >= bytes + 1892, "500 lines counted as stored");
    }
}
