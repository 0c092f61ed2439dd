package io.heroproc.supervisor;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code POST /services/{name}/signal}: any signal, by name or number, to every process of the running jobs. */
@QuarkusTest
class ServiceSignalTest extends EngineTestBase {

    /**
     * A bash job that prints a line for each HUP and USR1 it gets. Its {@code sleep} child gets the
     * same signals (every process of the job does) and dies of them; the loop starts another.
     */
    private void trapping(String action, String mark) {
        action(action, """
                {"interpreter": "bash", "script": %s, "kind": "process"}""".formatted(json(
                "trap 'echo got-hup' HUP; trap 'echo got-usr1' USR1; echo trapped; "
                        + "while :; do sleep 1000 & wait $!; done; : " + mark)));
    }

    private static List<String> lines(String svc) {
        return given().when().get("/api/v1/services/{n}/logs", svc).jsonPath().getList("line");
    }

    private static long count(String svc, String line) {
        return lines(svc).stream().filter(line::equals).count();
    }

    private static void awaitLines(String svc, String line, long n) {
        Await.until(Duration.ofSeconds(30), () -> count(svc, line) >= n, svc + " printed '" + line + "' " + n
                + " time(s)");
    }

    static ValidatableResponse signal(String svc, String body) {
        return given().contentType(ContentType.JSON).body(body).when().post("/api/v1/services/{n}/signal", svc)
                .then();
    }

    private static List<Map<String, Object>> signalEvents(String svc) {
        return given().queryParam("service", svc).queryParam("type", "service.signalled").when()
                .get("/api/v1/events").then().statusCode(200).extract().jsonPath().getList("");
    }

    private String runningTrapper() {
        String svc = name("sig");
        trapping(svc + "_a", marker());
        service(svc, """
                {"actions": ["%s_a"], "wanted": "stop"}""".formatted(svc));
        start(svc);
        awaitState(svc, "running");
        awaitLines(svc, "trapped", 1);
        return svc;
    }

    @Test
    void hupReachesTheJobByNameWithOrWithoutSigAndByNumber() {
        String svc = runningTrapper();
        long pid = num(jobs(svc).getFirst(), "pid");

        signal(svc, "{\"signal\": \"HUP\"}").statusCode(200).body("name", equalTo(svc))
                .body("state", equalTo("running"));
        awaitLines(svc, "got-hup", 1);
        signal(svc, "{\"signal\": \"sighup\"}").statusCode(200);
        awaitLines(svc, "got-hup", 2);
        signal(svc, "{\"signal\": 1}").statusCode(200);
        awaitLines(svc, "got-hup", 3);
        signal(svc, "{\"signal\": \"10\"}").statusCode(200);
        awaitLines(svc, "got-usr1", 1);

        assertEquals(1, jobs(svc).size(), "no restart");
        assertEquals(pid, num(jobs(svc).getFirst(), "pid"));
        assertTrue(pids(svc).contains(pid), "the job handled its signals and runs on");
        List<Map<String, Object>> events = signalEvents(svc);
        assertEquals(4, events.size(), "one event per signal sent: " + events);
        Map<String, Object> newest = events.getFirst();
        assertEquals("SIGUSR1", ((Map<?, ?>) newest.get("data")).get("signal"), newest.toString());
        assertTrue(String.valueOf(newest.get("message")).contains("SIGUSR1"), newest.toString());
    }

    @Test
    void anUnknownSignalIsRefusedNamingTheFieldAndNothingIsSent() {
        String svc = runningTrapper();
        for (String body : List.of("{\"signal\": \"HUPP\"}", "{\"signal\": 0}", "{\"signal\": 65}",
                "{\"signal\": \"\"}", "{\"signal\": true}", "{}", "{\"signal\": 99999999999}", "{\"signal\": -1}",
                "{\"signal\": \"SIGRTMIN+99\"}")) {
            signal(svc, body).statusCode(400).contentType("application/problem+json")
                    .body("errors[0].field", equalTo("signal")).body("errors[0].message", containsString("signal"));
        }
        assertEquals(0, signalEvents(svc).size(), "nothing recorded for refused requests");
        assertEquals(0, count(svc, "got-hup"));
        assertEquals("running", state(svc));
    }

    @Test
    void aServiceWithoutARunningJobAnswersConflict() {
        String svc = name("sigstopped");
        trapping(svc + "_a", marker());
        service(svc, """
                {"actions": ["%s_a"], "wanted": "stop"}""".formatted(svc));
        signal(svc, "{\"signal\": \"HUP\"}").statusCode(409).contentType("application/problem+json")
                .body("detail", containsString("no running job"));

        start(svc);
        awaitState(svc, "running");
        stop(svc);
        awaitState(svc, "exited");
        signal(svc, "{\"signal\": \"HUP\"}").statusCode(409);
        assertEquals(0, signalEvents(svc).size());

        signal(name("nosuch"), "{\"signal\": \"HUP\"}").statusCode(404);
    }
}
