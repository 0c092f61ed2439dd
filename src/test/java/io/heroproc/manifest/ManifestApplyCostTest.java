package io.heroproc.manifest;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.heroproc.support.Names;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManagerFactory;
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
}
