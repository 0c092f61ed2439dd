package io.heroproc.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.heroproc.process.ExitStatus;
import io.heroproc.process.OutputListener;
import io.heroproc.process.ProcessBackend;
import io.heroproc.process.ProcessBackends;
import io.heroproc.process.RunningProcess;
import io.heroproc.process.Signals;
import io.heroproc.process.SpawnSpec;
import io.heroproc.process.StdStream;
import io.heroproc.supervisor.Await;
import io.heroproc.support.PackagedHeroProc;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.net.http.HttpRequest;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The packaged hero-proc with a token: its API socket survives a {@code kill -9} as a stale file
 * that the next start replaces, is 0600, is what the packaged CLI uses by itself (no URL, no
 * token: over TCP the same call would be refused), and is gone after a clean stop.
 */
class ApiSocketIT {

    private static final String TOKEN = "socket-it-token-0123456789";
    private static ProcessBackend backend;

    @BeforeAll
    static void packaged() {
        assumeTrue(Files.isRegularFile(PackagedHeroProc.artifact()), "not packaged: " + PackagedHeroProc.artifact());
        backend = ProcessBackends.create("ffm");
    }

    private record Ran(ExitStatus status, List<String> out, List<String> err) {
        int code() {
            return status.exitCode() == null ? -1 : status.exitCode();
        }
    }

    /** The packaged CLI, with only PATH and {@code env}: no URL and no token unless given. */
    private static Ran cli(Path cwd, Map<String, String> env, String... args) throws Exception {
        List<String> out = Collections.synchronizedList(new ArrayList<>());
        List<String> err = Collections.synchronizedList(new ArrayList<>());
        OutputListener lines = (StdStream stream, byte[] line, boolean partial) -> (stream == StdStream.STDOUT ? out
                : err).add(new String(line, StandardCharsets.UTF_8));
        List<String> argv = new ArrayList<>(PackagedHeroProc.command(List.of()));
        argv.addAll(List.of(args));
        Map<String, String> all = new HashMap<>(env);
        all.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        RunningProcess p = backend.spawn(new SpawnSpec(argv, all, cwd, null, lines));
        ExitStatus status = p.exit().get(60, TimeUnit.SECONDS);
        return new Ran(status, List.copyOf(out), List.copyOf(err));
    }

    private static boolean isSocket(Path p) throws Exception {
        return Files.exists(p, LinkOption.NOFOLLOW_LINKS)
                && Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).isOther();
    }

    private static boolean listening(Path p) {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(p));
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    @Test
    void aStaleSocketIsReplacedTheCliUsesItWithoutTokenAndItGoesAtShutdown() throws Exception {
        try (PackagedHeroProc hp = new PackagedHeroProc(backend, "hp-sock").env("HERO_PROC_TOKEN", TOKEN)) {
            Path socket = hp.dataDir().resolve("hero-proc.sock");
            RunningProcess first = hp.launch();
            Await.until(PackagedHeroProc.BOOT, () -> listening(socket), "the first hero-proc listens on " + socket);

            backend.signal(first.id(), Signals.SIGKILL);
            first.exit().get(30, TimeUnit.SECONDS);
            assertTrue(isSocket(socket), "kill -9 leaves the socket file behind");
            assertFalse(listening(socket), "and nobody listens on it");

            hp.newPort();
            RunningProcess second = hp.launch();
            Await.until(PackagedHeroProc.BOOT, () -> listening(socket), "the stale socket is replaced\n" + hp.tail());
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(socket)));

            Map<String, String> env = Map.of("HERO_PROC_DATA_DIR", hp.dataDir().toString());
            Ran list = cli(hp.dataDir(), env, "service", "list");
            assertEquals(0, list.code(), () -> "over the socket, no token: " + list);
            assertEquals("NAME", list.out().getFirst().split("\\s+")[0], list.toString());
            HttpRequest.Builder tcp = HttpRequest.newBuilder(hp.uri("/api/v1/services")).GET();
            assertEquals(401, hp.http().send(tcp.build(), java.net.http.HttpResponse.BodyHandlers.discarding())
                    .statusCode(), "the same call over TCP without the token is refused");

            String name = "sockit";
            Ran quick = cli(hp.dataDir(), env, "quick", name, "--interpreter", "bash", "--",
                    "trap 'echo got-hup' HUP; echo trapped; while :; do sleep 1000 & wait $!; done");
            assertEquals(0, quick.code(), quick::toString);
            Await.untilCall(Duration.ofSeconds(60), () -> cli(hp.dataDir(), env, "logs", name).out()
                    .contains("trapped"), "the trap is set");
            Ran hup = cli(hp.dataDir(), Map.of("HERO_PROC_URL", "http://127.0.0.1:1"), "--socket", socket.toString(),
                    "service", "signal", name, "HUP");
            assertEquals(0, hup.code(), () -> "--socket wins over a dead URL: " + hup);
            Await.untilCall(Duration.ofSeconds(60), () -> cli(hp.dataDir(), env, "logs", name).out()
                    .contains("got-hup"), "the job got the HUP");

            backend.stop(second, Signals.SIGTERM, Duration.ofSeconds(30)).get(60, TimeUnit.SECONDS);
            assertFalse(Files.exists(socket, LinkOption.NOFOLLOW_LINKS), "a clean stop removes the socket");
        }
    }
}
