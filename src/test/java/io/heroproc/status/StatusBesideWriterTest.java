package io.heroproc.status;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.heroproc.support.Names;
import io.heroproc.support.TestDb;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The bulk status reads a WAL snapshot: it answers while another connection holds SQLite's write
 * lock. (Run in a BEGIN IMMEDIATE transaction, it waited for that lock for the whole busy timeout
 * and then failed with a 500: seen with 1,000 services and the log writer busy.)
 */
@QuarkusTest
class StatusBesideWriterTest {

    @Inject
    TestDb db;

    @Test
    void bulkStatusAnswersWhileAnotherConnectionHoldsTheWriteLock() throws Exception {
        String prefix = Names.unique("beside");
        db.manyServices(prefix + "-action", List.of(prefix + "-a", prefix + "-b"));
        try (Connection writer = db.ownConnection(); Statement s = writer.createStatement()) {
            s.execute("BEGIN IMMEDIATE");
            s.executeUpdate("UPDATE services SET updated_at = updated_at");

            List<Map<String, Object>> all = given().when().get("/api/v1/services/status")
                    .then().statusCode(200).extract().path("$");
            Map<String, Object> one = given().when().get("/api/v1/services/" + prefix + "-b/status")
                    .then().statusCode(200).extract().path("$");

            assertTrue(all.stream().anyMatch(m -> (prefix + "-a").equals(m.get("name"))), "listed: " + all);
            assertEquals("inactive", one.get("state"));
            s.execute("ROLLBACK");
        }
    }
}
