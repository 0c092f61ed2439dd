package io.heroproc.manifest;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.heroproc.registry.FieldError;
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
 * A manifest directory that cannot be applied at boot (the same action in two files) does not
 * stop hero-proc: it boots, keeps what is stored, and a fixed manifest is applied on SIGHUP.
 */
@QuarkusTest
@TestProfile(ManifestBadBootTest.Profile.class)
class ManifestBadBootTest {

    static final String RUN = SharedRun.id("bad-boot");
    static final String SERVICE = "badboot_" + RUN;

    public static class Profile implements QuarkusTestProfile {

        static final Path DIR = SharedRun.dir("bad-boot", dir -> {
            try {
                Files.writeString(dir.resolve("a.yaml"), """
                        actions:
                          %1$s_act: {script: "true", kind: oneshot}
                        services:
                          %1$s: {actions: [%1$s_act], wanted: spec}
                        """.formatted(SERVICE));
                Files.writeString(dir.resolve("b.yml"), """
                        actions:
                          %1$s_act: {script: "false", kind: oneshot}
                        """.formatted(SERVICE));
                Files.writeString(dir.resolve("notes.txt"), "not a manifest: ignored");
                Files.writeString(dir.resolve(".hidden.yaml"), "not: [valid");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("hero-proc.manifest", DIR.toString());
        }
    }

    @Inject
    ManifestLoader loader;

    @Test
    void aBadManifestAtBootIsLoggedAndChangesNothing() throws IOException {
        var outcome = loader.last();
        assertFalse(outcome.applied(), outcome::toString);
        FieldError error = outcome.errors().getFirst();
        assertEquals("actions." + SERVICE + "_act", error.field());
        assertTrue(error.message().contains("a.yaml") && error.message().contains("b.yml"), error::message);
        given().get("/api/v1/services/{name}", SERVICE).then().statusCode(404);
        given().get("/q/health/live").then().statusCode(200);

        // Fixed: the duplicate goes, a JSON file joins; SIGHUP applies the merged directory.
        Files.delete(Profile.DIR.resolve("b.yml"));
        Files.writeString(Profile.DIR.resolve("c.json"), """
                {"services": {"%1$s_json": {"actions": ["%1$s_act"], "wanted": "spec"}}}""".formatted(SERVICE));
        assertTrue(loader.handlesSighup());
        Signal.raise(new Signal("HUP"));
        Await.until(() -> given().get("/api/v1/services/{name}", SERVICE + "_json").then().extract()
                .statusCode() == 200, "the fixed manifest was applied");
        given().get("/api/v1/services/{name}", SERVICE).then().statusCode(200);
        Await.until(() -> loader.last().applied(), "the outcome is recorded");
    }
}
