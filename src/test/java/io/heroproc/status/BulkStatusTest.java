package io.heroproc.status;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.heroproc.support.Names;
import io.heroproc.support.StatementCounter;
import io.heroproc.support.TestDb;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The bulk status is one SQL statement however many services there are. */
@QuarkusTest
class BulkStatusTest {

    private static final int SERVICES = 300;

    @Inject
    TestDb db;

    @Inject
    ServiceStatusQuery statuses;

    @Test
    void threeHundredServicesAreAnsweredByOneStatement() {
        String prefix = Names.unique("bulk");
        List<String> names = IntStream.range(0, SERVICES).mapToObj(i -> prefix + "-" + i).toList();
        db.manyServices(prefix + "-action", names);

        StatementCounter.reset();
        List<ServiceStatus> all = statuses.all();
        int statements = StatementCounter.count();

        assertTrue(StatementCounter.installed(), "the statement inspector is not registered");
        assertEquals(1, statements, "ServiceStatusQuery.all() must be a single SQL statement");
        assertTrue(all.size() >= SERVICES);
        Set<String> mine = all.stream().map(ServiceStatus::name).filter(n -> n.startsWith(prefix + "-"))
                .collect(Collectors.toSet());
        assertEquals(Set.copyOf(names), mine);

        // The single-service answer is one statement as well.
        StatementCounter.reset();
        ServiceStatus one = statuses.of(names.get(7)).orElseThrow();
        assertEquals(1, StatementCounter.count());
        assertEquals("inactive", one.state());

        List<Map<String, Object>> http = given().when().get("/api/v1/services/status")
                .then().statusCode(200).extract().path("$");
        Map<String, Map<String, Object>> byName = http.stream()
                .collect(Collectors.toMap(s -> (String) s.get("name"), Function.identity()));
        for (String name : names) {
            Map<String, Object> s = byName.get(name);
            assertEquals("inactive", s.get("state"), name);
            assertEquals("spec", s.get("wanted"), name);
            assertEquals(List.of(), s.get("pids"), name);
        }
    }
}
