package io.heroproc.security;

import static io.heroproc.support.Api.problem;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.heroproc.config.HeroProcConfig;
import io.heroproc.support.Names;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The request guard on the default set-up (loopback, no token): what a web page, a DNS-rebound
 * name or an oversized request can and cannot do. Each refusal is a problem document and changes
 * nothing.
 */
@QuarkusTest
class RequestGuardTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource("/")
    URL root;

    @Inject
    HeroProcConfig config;

    private static String quick(String name) {
        return "{\"name\": \"" + name + "\", \"command\": \"sleep 100\", \"start\": false}";
    }

    private static void absent(String service) {
        given().when().get("/api/v1/services/{n}", service).then().statusCode(404);
    }

    @Test
    void stateChangesWithoutAJsonTypeAreRefused() throws Exception {
        for (String type : new String[] { null, "text/plain", "application/x-www-form-urlencoded",
                "multipart/form-data; boundary=x" }) {
            String name = Names.unique("ct");
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(root + "api/v1/quick-services"))
                    .POST(HttpRequest.BodyPublishers.ofString(quick(name)));
            if (type != null) {
                request.header("Content-Type", type);
            }
            HttpResponse<String> answer = send(request);
            assertEquals(415, answer.statusCode(), answer.body());
            assertEquals("application/problem+json", answer.headers().firstValue("Content-Type").orElse(""));
            assertTrue(answer.body().contains("application/json"), answer.body());
            absent(name);
        }
    }

    @Test
    void bodylessControlCallsNeedTheJsonTypeToo() {
        String name = Names.unique("ct");
        given().contentType(ContentType.JSON).body(quick(name)).when().post("/api/v1/quick-services").then()
                .statusCode(201);
        problem(given().when().post("/api/v1/services/{n}/start", name).then(), 415);
        given().when().get("/api/v1/services/{n}/status", name).then().body("state", equalTo("inactive"));
        given().contentType(ContentType.JSON).when().post("/api/v1/services/{n}/start", name).then().statusCode(200);
        given().contentType(ContentType.JSON).body("{}").when().post("/api/v1/services/{n}/stop", name).then()
                .statusCode(200).body("wanted", equalTo("stop"));
    }

    @Test
    void aRequestFromAnotherOriginCannotChangeAnything() {
        String name = Names.unique("origin");
        for (String origin : new String[] { "http://127.0.0.1:1", "http://localhost:" + (root.getPort() + 1),
                "http://evil.example", "null" }) {
            problem(given().contentType(ContentType.JSON).header("Origin", origin).body(quick(name)).when()
                    .post("/api/v1/quick-services").then(), 403).body("detail", containsString("cross-origin"));
        }
        for (String site : new String[] { "same-site", "cross-site" }) {
            problem(given().contentType(ContentType.JSON).header("Sec-Fetch-Site", site).body(quick(name)).when()
                    .post("/api/v1/quick-services").then(), 403);
        }
        absent(name);
        // hero-proc's own pages may: same origin, or a request the user typed (Sec-Fetch-Site: none).
        given().contentType(ContentType.JSON).header("Origin", "http://" + RestAssured.baseURI.replaceFirst("^http://",
                "") + ":" + RestAssured.port)
                .header("Sec-Fetch-Site", "same-origin").body(quick(name)).when().post("/api/v1/quick-services").then()
                .statusCode(201);
    }

    /** DNS rebinding: the attacker's name resolves to 127.0.0.1, so the browser sends that name as Host. */
    @Test
    void aHostNameHeroProcDoesNotAnswerToIsRefused() throws IOException {
        String name = Names.unique("rebind");
        String post = "POST /api/v1/quick-services HTTP/1.1\r\nHost: rebind.attacker.example:" + root.getPort()
                + "\r\nContent-Type: application/json\r\nContent-Length: " + quick(name).length()
                + "\r\nConnection: close\r\n\r\n" + quick(name);
        String answer = raw(post);
        assertTrue(answer.startsWith("HTTP/1.1 421"), answer);
        assertTrue(answer.contains("application/problem+json") && answer.contains("rebind.attacker.example"), answer);
        String read = raw("GET /api/v1/services HTTP/1.1\r\nHost: rebind.attacker.example\r\nConnection: close\r\n\r\n");
        assertTrue(read.startsWith("HTTP/1.1 421"), "reads are refused too (they would leak env and logs): " + read);
        absent(name);
        String ok = raw("GET /api/v1/services HTTP/1.1\r\nHost: 127.0.0.1:" + root.getPort()
                + "\r\nConnection: close\r\n\r\n");
        assertTrue(ok.startsWith("HTTP/1.1 200"), ok);
    }

    @Test
    void oversizedUrisAndHeadersGetProblems() {
        problem(given().when().get("/api/v1/services?x=" + "a".repeat(RequestGuard.MAX_URI_CHARS)).then(), 414);
        problem(given().header("X-Big", "b".repeat(RequestGuard.MAX_HEADER_BYTES)).when().get("/api/v1/services")
                .then(), 431);
    }

    @Test
    void bodiesOverTheLimitAreRefusedWhateverTheirEncoding() throws Exception {
        int max = (int) config.api().maxBodyBytes();
        String name = Names.unique("big");
        byte[] tooBig = manifestOfSize(name, max + 1);
        problem(given().contentType(ContentType.JSON).body(tooBig).when().post("/api/v1/manifests").then(), 413);

        HttpResponse<String> chunked = chunked("/api/v1/manifests", tooBig);
        assertEquals(413, chunked.statusCode(), chunked.body());
        assertEquals(413, JSON.readTree(chunked.body()).path("status").asInt(), chunked.body());
        HttpResponse<String> huge = chunked("/api/v1/manifests", new byte[3 * max]);
        assertEquals(413, huge.statusCode(), huge.body());
        absent(name);

        HttpResponse<String> fits = chunked("/api/v1/manifests", manifestOfSize(name, max - 100));
        assertEquals(200, fits.statusCode(), "a chunked body within the limit is read whole: " + fits.body());
        given().when().get("/api/v1/services/{n}", name).then().statusCode(200);
    }

    @Test
    void securityHeadersOnPagesAndApi() {
        given().when().get("/ui/services").then().statusCode(200)
                .header("Content-Security-Policy", containsString("default-src 'self'"))
                .header("Content-Security-Policy", containsString("frame-ancestors 'none'"))
                .header("X-Frame-Options", "DENY").header("X-Content-Type-Options", "nosniff");
        given().when().get("/api/v1/services").then().header("X-Content-Type-Options", "nosniff")
                .header("X-Frame-Options", "DENY");
    }

    @Test
    void theDataDirectoryAndDatabaseArePrivate() throws IOException {
        Path dir = config.dataDir().toAbsolutePath();
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)));
        for (String file : new String[] { "hero-proc.db", "hero-proc.db-wal", "hero-proc.db-shm" }) {
            Path p = dir.resolve(file);
            assertTrue(Files.exists(p), p + " exists");
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(p)), p.toString());
        }
    }

    /** A manifest declaring one service, padded with spaces to exactly {@code size} bytes. */
    private static byte[] manifestOfSize(String name, int size) {
        String m = "{\"actions\": {\"" + name + "_a\": {\"script\": \"true\", \"kind\": \"oneshot\"}}, \"services\": {\""
                + name + "\": {\"actions\": [\"" + name + "_a\"], \"wanted\": \"spec\"}}}";
        return (m + " ".repeat(size - m.length())).getBytes(StandardCharsets.US_ASCII);
    }

    /** A POST whose body has no declared length, so the JDK client sends it chunked. */
    private HttpResponse<String> chunked(String path, byte[] body) throws Exception {
        return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + root.getPort() + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))));
    }

    /** Sends with the JDK client, which sends bodies as given (REST Assured would re-encode a form type). */
    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        try (HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            return http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        }
    }

    /** One request written by hand (a client library would not let the Host be forged) and its whole answer. */
    private String raw(String request) throws IOException {
        try (Socket s = new Socket("127.0.0.1", root.getPort())) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(request.getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = s.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
