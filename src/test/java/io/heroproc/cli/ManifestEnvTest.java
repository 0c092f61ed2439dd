package io.heroproc.cli;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.heroproc.supervisor.Await;
import io.heroproc.support.Names;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A manifest's {@code ${VAR}} interpolation from hero-proc's environment, its top-level env and
 * env_file, and env files relative to the manifest file, through the API and {@code apply -f}.
 */
@QuarkusTest
class ManifestEnvTest {

    @TestHTTPResource("/")
    URL url;

    private int cli(ByteArrayOutputStream err, String... args) {
        return HeroProcMain.runClient(args, Map.of("HERO_PROC_URL", "http://127.0.0.1:" + url.getPort()),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private static List<String> lines(String svc) {
        return given().when().get("/api/v1/services/{n}/logs", svc).jsonPath().getList("line");
    }

    private static void startAndAwaitLine(String svc, String line) {
        given().contentType("application/json").when().post("/api/v1/services/{n}/start", svc).then().statusCode(200);
        Await.until(Duration.ofSeconds(30), () -> lines(svc).contains(line), svc + " printed " + line + ": "
                + lines(svc));
    }

    @Test
    void variablesAreInterpolatedAndTopLevelEnvReachesEveryAction() throws Exception {
        String svc = Names.unique("interp");
        Path dir = Files.createTempDirectory("hp-manifest-env");
        Files.writeString(dir.resolve("common.env"), "FROM_TOP_FILE=top-file\nOVERRIDE=file\n");
        Files.writeString(dir.resolve("own.env"), "FROM_OWN_FILE=own-file\n");
        Path manifest = dir.resolve("hero.yaml");
        Files.writeString(manifest, """
                env:
                  COMMON: top
                  OVERRIDE: top
                env_file: common.env
                actions:
                  %1$s_a:
                    interpreter: bash
                    kind: oneshot
                    env_file: [own.env]
                    env: {OVERRIDE: own, WHO: "${PATH}"}
                    script: 'echo "$COMMON|$OVERRIDE|${HP_UNSET_FOR_TEST:-dflt}|$${OVERRIDE}|$WHO|$FROM_TOP_FILE|$FROM_OWN_FILE"'
                services:
                  %1$s: {actions: [%1$s_a], wanted: stop}
                """.formatted(svc));
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(0, cli(err, "apply", "-f", manifest.toString()), err::toString);
        given().when().get("/api/v1/actions/{n}", svc + "_a").then()
                .body("env_file", equalTo(List.of(dir.resolve("common.env").toString(), dir.resolve("own.env")
                        .toString())))
                .body("env.COMMON", equalTo("top"));
        startAndAwaitLine(svc, "top|own|dflt|own|" + System.getenv("PATH") + "|top-file|own-file");
    }

    @Test
    void anUnsetVariableOrARelativeEnvFileWithoutADirectoryIsRefused() throws Exception {
        String svc = Names.unique("unset");
        given().contentType("application/yaml").body("""
                actions:
                  %1$s_a:
                    script: "echo ${HP_SURELY_UNSET_VARIABLE}"
                """.formatted(svc).getBytes(StandardCharsets.UTF_8))
                .when().post("/api/v1/manifests").then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", equalTo("actions." + svc + "_a.script"))
                .body("errors[0].message", containsString("(line 3) refers to ${HP_SURELY_UNSET_VARIABLE}, which is not set"));
        given().contentType("application/yaml").body("""
                actions:
                  %1$s_a: {script: "true", kind: oneshot, env_file: rel.env}
                """.formatted(svc).getBytes(StandardCharsets.UTF_8))
                .when().post("/api/v1/manifests").then().statusCode(400)
                .body("errors[0].field", equalTo("actions." + svc + "_a.env_file"))
                .body("errors[0].message", containsString("must be an absolute path"));
        given().when().get("/api/v1/actions/{n}", svc + "_a").then().statusCode(404);

        Path manifest = Files.createTempDirectory("hp-manifest-bad").resolve("bad.yaml");
        Files.writeString(manifest, """
                actions:
                  %1$s_a: {script: "true", kind: oneshot, env_file: missing.env}
                """.formatted(svc));
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(1, cli(err, "apply", "-f", manifest.toString()));
        assertTrue(err.toString().contains(manifest.getParent().resolve("missing.env") + " does not exist"),
                err::toString);
    }
}
