package io.heroproc.supervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.heroproc.support.QueryCount;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManagerFactory;
import org.junit.jupiter.api.Test;

/**
 * From an exit to the next spawn, deciding the restart reads no database: what a service is
 * wanted as is known from the last read, unless its catalog entry changed since.
 */
@QuarkusTest
class RestartPathTest extends EngineTestBase {

    @Inject
    EntityManagerFactory entityManagerFactory;

    /** How many times a service was looked up by name through Hibernate so far. */
    private long serviceLookups() {
        return QueryCount.of(entityManagerFactory,
                q -> q.contains("Service") && q.contains("name") && !q.toLowerCase().contains("order by"));
    }

    @Test
    void crashRestartsDoNotReadTheServiceFromTheDatabase() {
        String svc = name("restartpath");
        String act = svc + "_crash";
        shProcess(act, "sleep 0.3; exit 2");
        service(svc, """
                {"actions": ["%s"], "wanted": "stop", "restart": {"policy": "always",
                 "backoff": {"initial": "100ms", "factor": 1, "max": "100ms", "jitter": 0}, "max_restarts": 3}}"""
                .formatted(act));
        start(svc);
        awaitRunning(svc, 1);
        long before = serviceLookups();
        awaitState(svc, "failed");
        assertEquals(3, restarts(svc), "the job was restarted three times, then given up");
        assertEquals(before, serviceLookups(), "service lookups by name during three crash restarts");
    }
}
