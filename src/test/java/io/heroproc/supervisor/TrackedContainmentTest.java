package io.heroproc.supervisor;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;

/** {@link ContainmentTest} without cgroups: jobs are tracked by their marks, ancestry and sessions. */
@QuarkusTest
@TestProfile(TrackedContainmentTest.Tracking.class)
class TrackedContainmentTest extends ContainmentTest {

    public static class Tracking implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("hero-proc.process.containment", "tracking");
        }
    }
}
