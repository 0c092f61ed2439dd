package io.heroproc.logs;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Searching lines across the jobs of many services. */
@QuarkusTest
class LogSearchTest extends LiveTestBase {

    private static List<Map<String, Object>> search(String q, String service, Integer limit) {
        var request = given().queryParam("q", q);
        if (service != null) {
            request.queryParam("service", service);
        }
        if (limit != null) {
            request.queryParam("limit", limit);
        }
        return request.when().get("/api/v1/logs/search").then().statusCode(200).extract().jsonPath().getList("");
    }

    @Test
    void findsOneNeedleAmongTheLinesOfManyServices() {
        String needle = "needle-" + name("n");
        List<String> services = new ArrayList<>();
        List<String> actions = new ArrayList<>();
        List<Long> jobs = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String svc = name("haystack");
            String act = svc + "_print";
            String middle = i == 1 ? "echo 'found " + needle + " here'; " : "";
            shOneshot(act, "seq -f 'noise-%g' 1 1500; " + middle + "seq -f 'noise-%g' 1501 3000");
            plainService(svc, act);
            services.add(svc);
            actions.add(act);
        }
        services.forEach(LiveTestBase::start);
        for (int i = 0; i < 3; i++) {
            long job = awaitJob(services.get(i), actions.get(i), 1);
            awaitPhase(job, "succeeded");
            awaitLines(job, i == 1 ? 3001 : 3000);
            jobs.add(job);
        }

        List<Map<String, Object>> found = search(needle, null, null);
        assertEquals(1, found.size(), "exactly one line has the needle: " + found);
        Map<String, Object> hit = found.getFirst();
        assertEquals("found " + needle + " here", hit.get("line"));
        assertEquals(jobs.get(1), num(hit, "job_id"));
        assertEquals(actions.get(1), hit.get("action"));
        assertEquals(1501, num(hit, "seq"));
        assertEquals("stdout", hit.get("stream"));

        assertEquals(1, search(needle, services.get(1), null).size(), "found within its service");
        assertTrue(search(needle, services.get(0), null).isEmpty(), "not in another service");
        assertTrue(search(needle + "-nope", null, null).isEmpty(), "substring must match");

        // A common word, limited and scoped: newest first.
        List<Map<String, Object>> noise = search("noise-", services.get(2), 5);
        assertEquals(5, noise.size());
        assertEquals("noise-3000", noise.getFirst().get("line"), "newest first: " + noise);
        for (int i = 1; i < noise.size(); i++) {
            assertTrue(num(noise.get(i), "id") < num(noise.get(i - 1), "id"), "descending ids: " + noise);
        }
    }

    @Test
    void searchRequiresAQuery() {
        given().when().get("/api/v1/logs/search").then().statusCode(400);
        given().queryParam("q", "x").queryParam("limit", 0).when().get("/api/v1/logs/search").then().statusCode(400);
    }
}
