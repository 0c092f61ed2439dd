package io.heroproc.manifest;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.heroproc.supervisor.Await;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import sun.misc.Signal;

/**
 * A manifest configured with {@code hero-proc.manifest} is applied at boot, and again on SIGHUP
 * (sent to this very JVM), here with {@code hero-proc.manifest-prune=true}.
 */
@QuarkusTest
@TestProfile(ManifestBootReloadTest.Profile.class)
class ManifestBootReloadTest {

    static final String RUN = SharedRun.id("boot-reload");
    static final String KEPT = "boot_kept_" + RUN;
    static final String DROPPED = "boot_dropped_" + RUN;
    static final String ADDED = "boot_added_" + RUN;

    /** Writes the manifest before the application boots, and points hero-proc at it. */
    public static class Profile implements QuarkusTestProfile {

        static final Path FILE = SharedRun.dir("boot-reload", dir -> {
            try {
                Files.writeString(dir.resolve("manifest.yaml"), manifest(KEPT, DROPPED));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }).resolve("manifest.yaml");

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("hero-proc.manifest", FILE.toString(), "hero-proc.manifest-prune", "true");
        }
    }

    /** Spec services (stored, never started), each with its own oneshot action. */
    static String manifest(String... services) {
        StringBuilder actions = new StringBuilder("actions:\n");
        StringBuilder svcs = new StringBuilder("services:\n");
        for (String s : services) {
            actions.append("  ").append(s).append("_act: {script: \"echo ").append(s)
                    .append("\", kind: oneshot}\n");
            svcs.append("  ").append(s).append(": {actions: [").append(s).append("_act], wanted: spec}\n");
        }
        return actions + svcs.toString();
    }

    @Inject
    ManifestLoader loader;

    static int status(String service) {
        return given().get("/api/v1/services/{name}", service).then().extract().statusCode();
    }

    @Test
    void bootLoadsTheManifestAndSighupReloadsIt() throws IOException {
        assertEquals(200, status(KEPT), "applied at boot");
        assertEquals(200, status(DROPPED), "applied at boot");
        assertTrue(loader.last().applied(), () -> "boot load: " + loader.last());
        assertEquals("boot", loader.last().trigger());
        Object keptUpdated = given().get("/api/v1/services/{name}", KEPT).then().extract().path("updated_at");

        Files.writeString(Profile.FILE, manifest(KEPT, ADDED));
        assertTrue(loader.handlesSighup(), "a SIGHUP handler is installed (else SIGHUP would end this JVM)");
        long before = loader.last().number();
        Signal.raise(new Signal("HUP"));

        Await.until(() -> status(ADDED) == 200 && status(DROPPED) == 404, "the reload added and pruned");
        Await.until(() -> loader.last().number() > before, "the reload is recorded");
        var outcome = loader.last();
        assertEquals("SIGHUP", outcome.trigger());
        assertEquals(java.util.List.of(ADDED), outcome.result().created().services());
        assertEquals(java.util.List.of(DROPPED), outcome.result().deleted().services());
        assertEquals(java.util.List.of(KEPT), outcome.result().unchanged().services());
        assertEquals(keptUpdated, given().get("/api/v1/services/{name}", KEPT).then().extract().path("updated_at"),
                "an unchanged service is not rewritten");
    }
}
