package io.heroproc.logs;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.heroproc.supervisor.Await;
import io.quarkus.test.junit.QuarkusTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** One service floods its output as fast as it can; another one's lines still show within a second. */
@QuarkusTest
class FloodIsolationTest extends LiveTestBase {

    private static Map<String, Object> lastLine(long job) {
        List<Map<String, Object>> last = given().queryParam("tail", 1).when().get("/api/v1/jobs/{id}/logs", job).then()
                .statusCode(200).extract().jsonPath().getList("");
        return last.isEmpty() ? Map.of() : last.getFirst();
    }

    @Test
    void aQuietServicesLineIsVisibleWithinASecondWhileAnotherFloods() throws Exception {
        String flood = name("flood");
        String floodAct = flood + "_yes";
        action(floodAct, """
                {"interpreter": "bash", "script": %s, "kind": "process"}""".formatted(json(
                "yes \"$(printf 'x%.0s' {1..99})\" # " + marker())));
        plainService(flood, floodAct);
        String quiet = name("quiet");
        String quietAct = quiet + "_clock";
        action(quietAct, """
                {"interpreter": "bash", "script": %s, "kind": "process"}""".formatted(json(
                "while true; do echo \"written-at $(date +%s%3N)\"; sleep 0.2; done # " + marker())));
        plainService(quiet, quietAct);

        start(flood);
        long floodJob = awaitJob(flood, floodAct, 1);
        Await.until(() -> num(lastLine(floodJob), "seq") > 200_000, "the flood is under way");
        start(quiet);
        long quietJob = awaitJob(quiet, quietAct, 1);
        Await.until(() -> !lastLine(quietJob).isEmpty(), "the quiet service's first line");

        long floodBefore = num(lastLine(floodJob), "seq");
        List<Long> lags = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            Thread.sleep(250);
            String line = (String) lastLine(quietJob).get("line");
            lags.add(System.currentTimeMillis() - Long.parseLong(line.substring("written-at ".length())));
        }
        long floodAfter = num(lastLine(floodJob), "seq");
        stop(quiet);
        stop(flood);

        assertTrue(floodAfter - floodBefore > 100_000, "the flood went on meanwhile: " + (floodAfter - floodBefore)
                + " lines in 3 s");
        List<Long> sorted = lags.stream().sorted().toList();
        // A line waits for the flush (100 ms) and its batch; a queue shared with the flood would
        // make it wait behind the flood's backlog, growing as the flood goes on.
        assertTrue(sorted.get(sorted.size() / 2) < 1000, "median delay under 1 s: " + lags + " ms");
        assertTrue(sorted.getLast() < 2500, "no line waits long: " + lags + " ms");
    }
}
