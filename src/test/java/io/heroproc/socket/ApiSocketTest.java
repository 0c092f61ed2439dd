package io.heroproc.socket;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.heroproc.cli.HeroProcMain;
import io.heroproc.security.TokenProfile;
import io.heroproc.support.Names;
import io.heroproc.supervisor.Await;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.StandardProtocolFamily;
import java.net.URL;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The API on the Unix socket, with a token configured: the socket needs none while TCP still
 * does; the CLI finds the socket by itself and does everything over it, follows included.
 */
@QuarkusTest
@TestProfile(TokenProfile.class)
class ApiSocketTest {

    @Inject
    ApiSocket apiSocket;

    @TestHTTPResource("/")
    URL url;

    private Path socket;

    record Result(int code, String out, String err) {
    }

    @BeforeEach
    void socketIsThere() {
        socket = apiSocket.path().orElseThrow();
        Await.until(() -> Files.exists(socket), "the socket " + socket + " exists");
    }

    private static Result cli(Map<String, String> env, ByteArrayOutputStream out, String... args) {
        var err = new ByteArrayOutputStream();
        int code = HeroProcMain.runClient(args, env, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** The CLI as a container's shell would run it: the data directory known, no URL, no token. */
    private Result viaSocket(String... args) {
        return cli(Map.of("HERO_PROC_DATA_DIR", socket.getParent().toString()), new ByteArrayOutputStream(), args);
    }

    private Result ok(String... args) {
        Result r = viaSocket(args);
        assertEquals(0, r.code(), () -> String.join(" ", args) + ": exit " + r.code() + ", stderr: " + r.err());
        return r;
    }

    /** One raw HTTP/1.1 exchange over the socket; returns the status line and the head. */
    private String raw(String request) throws IOException {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(socket));
            Channels.newOutputStream(ch).write(request.getBytes(StandardCharsets.ISO_8859_1));
            return new String(Channels.newInputStream(ch).readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    @Test
    void theSocketIsOnlyForHeroProcsUser() throws IOException {
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(socket)));
        assertEquals(Files.getOwner(socket.getParent()), Files.getOwner(socket));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(socket.getParent())));
    }

    @Test
    void socketCallersNeedNoTokenWhileTcpCallersDo() throws IOException {
        given().when().get("/api/v1/services").then().statusCode(401);
        String head = raw("GET /api/v1/services HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
        assertTrue(head.startsWith("HTTP/1.1 200"), head);

        // A TCP caller cannot claim to be the socket, whatever it writes in its headers.
        given().header("X-Forwarded-For", "127.0.0.1").header("Forwarded", "for=127.0.0.1").when()
                .get("/api/v1/services").then().statusCode(401);
        Result tcp = cli(Map.of("HERO_PROC_URL", "http://127.0.0.1:" + url.getPort(), "HERO_PROC_DATA_DIR",
                socket.getParent().toString()), new ByteArrayOutputStream(), "service", "list");
        assertEquals(1, tcp.code(), "an explicit URL is used, and TCP wants the token: " + tcp);
        assertTrue(tcp.err().contains("401") || tcp.err().toLowerCase().contains("token"), tcp.err());
    }

    @Test
    void theSocketStillChecksHostOriginAndBodyType() throws IOException {
        String host = raw("GET /api/v1/services HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n");
        assertTrue(host.startsWith("HTTP/1.1 421"), host);
        String form = raw("POST /api/v1/quick-services HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
                + "Content-Type: text/plain\r\nContent-Length: 2\r\n\r\n{}");
        assertTrue(form.startsWith("HTTP/1.1 415"), form);
        String origin = raw("POST /api/v1/quick-services HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
                + "Origin: https://evil.example\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}");
        assertTrue(origin.startsWith("HTTP/1.1 403"), origin);
    }

    @Test
    void theCliDoesEverythingOverTheSocketSignalsAndFollowsIncluded() throws Exception {
        String name = Names.unique("sock");
        ok("quick", name, "--interpreter", "bash", "--",
                "trap 'echo got-hup' HUP; echo trapped; i=0; while :; do echo tick-$i; i=$((i+1)); sleep 0.2 & wait $!; done");
        Await.until(Duration.ofSeconds(30), () -> ok("logs", name).out().contains("trapped"), "the trap is set");

        var followed = new ByteArrayOutputStream();
        CompletableFuture<Result> follow = CompletableFuture.supplyAsync(() -> cli(Map.of("HERO_PROC_DATA_DIR",
                socket.getParent().toString()), followed, "logs", name, "-f"));
        ok("service", "signal", name, "HUP");
        Await.until(Duration.ofSeconds(30), () -> followed.toString(StandardCharsets.UTF_8).contains("got-hup"),
                "the HUP handler's line, followed over the socket");
        ok("service", "signal", name, "SIGHUP");
        ok("service", "signal", name, "1");
        Await.until(Duration.ofSeconds(30), () -> followed.toString(StandardCharsets.UTF_8).lines()
                .filter("got-hup"::equals).count() == 3, "three HUPs handled");

        Result unknown = viaSocket("service", "signal", name, "HUPP");
        assertEquals(1, unknown.code(), unknown.toString());
        assertTrue(unknown.err().contains("signal"), unknown.err());

        String events = ok("events", "--service", name, "--type", "service.signalled").out();
        assertEquals(3, events.lines().filter(l -> l.contains("service.signalled")).count(), events);
        assertTrue(events.contains("socket"), "the caller is recorded as the socket: " + events);

        ok("service", "stop", name);
        Result ended = follow.get(30, TimeUnit.SECONDS);
        assertEquals(0, ended.code(), ended.toString());
        Result stopped = viaSocket("service", "signal", name, "HUP");
        assertEquals(1, stopped.code(), "no running job: " + stopped);
        assertTrue(stopped.err().contains("no running job"), stopped.err());
        ok("service", "delete", name);
    }
}
