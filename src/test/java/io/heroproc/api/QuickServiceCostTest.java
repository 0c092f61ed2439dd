package io.heroproc.api;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.heroproc.support.Names;
import io.heroproc.support.QueryCount;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManagerFactory;
import org.junit.jupiter.api.Test;

/**
 * A quick service is looked up once, to say whether the name is taken, and not read back: neither
 * to write it nor, after the commit, to arm its schedule or give it its meters.
 */
@QuarkusTest
class QuickServiceCostTest {

    @Inject
    EntityManagerFactory entityManagerFactory;

    /** Lookups by name of {@code entity} through Hibernate so far. */
    private long lookups(String entity) {
        return QueryCount.of(entityManagerFactory,
                q -> q.contains(entity) && q.contains("name") && !q.toLowerCase().contains("order by"));
    }

    @Test
    void aQuickPostLooksEachNameUpOnce() {
        long fewestServiceLookups = Long.MAX_VALUE;
        long fewestActionLookups = Long.MAX_VALUE;
        // The fewest of five: a reconciler pass of other services may fall into one window.
        for (int i = 0; i < 5; i++) {
            long services = lookups("Service");
            long actions = lookups("Action");
            given().contentType(ContentType.JSON).body("""
                    {"name": "%s", "command": "sleep 3600", "start": false}""".formatted(Names.unique("cost")))
                    .when().post("/api/v1/quick-services").then().statusCode(201);
            fewestServiceLookups = Math.min(fewestServiceLookups, lookups("Service") - services);
            fewestActionLookups = Math.min(fewestActionLookups, lookups("Action") - actions);
        }
        // One on the request's path; the reconciler may read the new service once (it changed).
        assertTrue(fewestServiceLookups <= 2, "service lookups per quick POST: " + fewestServiceLookups);
        assertTrue(fewestActionLookups <= 1, "action lookups per quick POST: " + fewestActionLookups);
    }
}
