package io.heroproc.supervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.heroproc.support.QueryCount;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManagerFactory;
import org.junit.jupiter.api.Test;

/**
 * The reconciler's periodic pass (the safety net behind the event-driven reconcile) reads the
 * whole catalog from the database only when the catalog changed since its last full read: with
 * hundreds of idle services, re-reading them all every ten seconds was most of the idle CPU
 * outside the JIT.
 */
@QuarkusTest
class PeriodicPassTest extends EngineTestBase {

    @Inject
    Supervisor supervisor;

    @Inject
    EntityManagerFactory entityManagerFactory;

    /** Reads of every service in name order (the full catalog read) through Hibernate so far. */
    private long fullCatalogReads() {
        return QueryCount.of(entityManagerFactory,
                q -> q.contains("Service") && q.toLowerCase().contains("order by name"));
    }

    @Test
    void anUnchangedCatalogIsNotReadAgainButAChangeIs() {
        String action = name("pass_a");
        shProcess(action, "exec sleep 1000");
        String first = name("pass_s");
        service(first, """
                {"actions": ["%s"], "wanted": "stop"}""".formatted(action));
        // Whatever changed before: one pass takes it in.
        supervisor.passNow();

        long before = fullCatalogReads();
        for (int i = 0; i < 3; i++) {
            supervisor.passNow();
        }
        assertEquals(0, fullCatalogReads() - before, "full catalog reads by 3 passes over an unchanged catalog");

        // Counted from before the change: the 2 s tick of the test profile may be the pass that reads it.
        long beforeChange = fullCatalogReads();
        String second = name("pass_s");
        service(second, """
                {"actions": ["%s"], "wanted": "start"}""".formatted(action));
        supervisor.passNow();
        supervisor.passNow();
        assertEquals(1, fullCatalogReads() - beforeChange, "full catalog reads by the passes after one change");
        awaitState(second, "running");
    }
}
