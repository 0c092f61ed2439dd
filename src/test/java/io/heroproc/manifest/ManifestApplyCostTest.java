package io.heroproc.manifest;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.heroproc.supervisor.Await;
import io.heroproc.support.Names;
import io.heroproc.support.QueryCount;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManagerFactory;
import java.util.Arrays;
import java.util.stream.IntStream;
import org.hibernate.SessionFactory;
import org.hibernate.stat.Statistics;
import org.junit.jupiter.api.Test;

/**
 * Applying a manifest costs in proportion to its size: recording an event does not make
 * Hibernate flush (dirty-check) every entity of the transaction, which made an apply of n
 * services cost O(n²) (2.8 s for 1,000).
 */
@QuarkusTest
class ManifestApplyCostTest {

    @Inject
    EntityManagerFactory entityManagerFactory;

    @Test
    void recordingTheEventsOfAnApplyDoesNotFlushTheWholeTransactionEachTime() {
        Statistics stats = entityManagerFactory.unwrap(SessionFactory.class).getStatistics();
        String prefix = Names.unique("cost");
        String[] pairs = new String[2 * 60];
        for (int i = 0; i < 60; i++) {
            pairs[2 * i] = prefix + "_s" + i;
            pairs[2 * i + 1] = prefix + "_a" + i;
        }
        long before = stats.getFlushCount();
        ManifestApiTest.applyYaml(ManifestApiTest.yamlOf(pairs));
        long flushes = stats.getFlushCount() - before;
        // 120 entities and 120 events: a flush per event was 120 and more; a handful is the commit's.
        assertTrue(flushes < 20, "flushes while applying 60 services: " + flushes);
    }

    /** Executions so far of the Hibernate queries whose text contains every one of {@code parts}. */
    private long executions(String... parts) {
        return QueryCount.of(entityManagerFactory, q -> Arrays.stream(parts).allMatch(q::contains));
    }

    /**
     * The reconciler takes in the services of one apply with one read of the catalog and one of
     * the actions, not two queries per service (1,000 services: 2,000 queries on the loop thread
     * before the last one could start).
     */
    @Test
    void theServicesOfOneApplyAreReadAndStartedWithoutAQueryEach() {
        String prefix = Names.unique("batch");
        int n = 40;
        StringBuilder yaml = new StringBuilder("actions:\n");
        for (int i = 0; i < n; i++) {
            yaml.append("  ").append(prefix).append("_a").append(i).append(": {script: \"true\", kind: oneshot}\n");
        }
        yaml.append("services:\n");
        for (int i = 0; i < n; i++) {
            yaml.append("  ").append(prefix).append("_s").append(i).append(": {actions: [").append(prefix).append("_a")
                    .append(i).append("], wanted: start}\n");
        }
        long services = executions("model.Service`", "WHERE name =");
        long actions = executions("model.Action`", "WHERE name =");
        ManifestApiTest.applyYaml(yaml.toString());
        Await.until(() -> IntStream.range(0, n).allMatch(i -> "success".equals(given()
                .get("/api/v1/services/{name}/status", prefix + "_s" + i).then().extract().path("state"))),
                "all " + n + " services ran");
        long serviceLookups = executions("model.Service`", "WHERE name =") - services;
        long actionLookups = executions("model.Action`", "WHERE name =") - actions;
        assertTrue(actionLookups < n / 4, "action reads to start " + n + " services of one apply: " + actionLookups);
        assertTrue(serviceLookups < n / 4, "service reads to start " + n + " services of one apply: " + serviceLookups);
    }
}
