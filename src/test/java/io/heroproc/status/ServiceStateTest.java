package io.heroproc.status;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The derivation rules on their own (DESIGN.md, "Service status"). */
class ServiceStateTest {

    @Test
    void neverRanIsInactive() {
        assertEquals(ServiceState.INACTIVE, ServiceState.of(null, false, false, 0, false));
    }

    @Test
    void endedRuns() {
        assertEquals(ServiceState.SUCCESS, ServiceState.of("ok", true, false, 0, false));
        assertEquals(ServiceState.FAILED, ServiceState.of("error", true, false, 0, false));
        assertEquals(ServiceState.EXITED, ServiceState.of("ok", true, true, 0, false));
        assertEquals(ServiceState.EXITED, ServiceState.of("error", true, true, 0, false));
    }

    @Test
    void liveRuns() {
        assertEquals(ServiceState.RUNNING, ServiceState.of("running", false, false, 2, false));
        assertEquals(ServiceState.STARTING, ServiceState.of("starting", false, false, 0, false));
        assertEquals(ServiceState.STARTING, ServiceState.of("starting", false, false, 1, false));
        assertEquals(ServiceState.STOPPING, ServiceState.of("running", false, true, 1, false));
    }

    /** A crash loop: between attempts the run waits out its backoff, whatever else of it runs. */
    @Test
    void aRunWaitingForARestartIsRestarting() {
        assertEquals(ServiceState.RESTARTING, ServiceState.of("starting", false, false, 0, true));
        assertEquals(ServiceState.RESTARTING, ServiceState.of("starting", false, false, 1, true));
        assertEquals(ServiceState.STOPPING, ServiceState.of("starting", false, true, 0, true), "a stop wins");
        assertEquals(ServiceState.FAILED, ServiceState.of("error", true, false, 0, true), "an ended run is over");
        assertEquals("restarting", ServiceState.RESTARTING.wire());
    }

    @Test
    void wireNamesAreLowerCase() {
        assertEquals("inactive", ServiceState.INACTIVE.wire());
        assertEquals("exited", ServiceState.EXITED.wire());
    }
}
