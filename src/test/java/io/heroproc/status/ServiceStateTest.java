package io.heroproc.status;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The derivation rules on their own (DESIGN.md, "Service status"). */
class ServiceStateTest {

    @Test
    void neverRanIsInactive() {
        assertEquals(ServiceState.INACTIVE, ServiceState.of(null, false, false, 0));
    }

    @Test
    void endedRuns() {
        assertEquals(ServiceState.SUCCESS, ServiceState.of("ok", true, false, 0));
        assertEquals(ServiceState.FAILED, ServiceState.of("error", true, false, 0));
        assertEquals(ServiceState.EXITED, ServiceState.of("ok", true, true, 0));
        assertEquals(ServiceState.EXITED, ServiceState.of("error", true, true, 0));
    }

    @Test
    void liveRuns() {
        assertEquals(ServiceState.RUNNING, ServiceState.of("running", false, false, 2));
        assertEquals(ServiceState.STARTING, ServiceState.of("starting", false, false, 0));
        assertEquals(ServiceState.STARTING, ServiceState.of("starting", false, false, 1));
        assertEquals(ServiceState.STOPPING, ServiceState.of("running", false, true, 1));
    }

    @Test
    void wireNamesAreLowerCase() {
        assertEquals("inactive", ServiceState.INACTIVE.wire());
        assertEquals("exited", ServiceState.EXITED.wire());
    }
}
