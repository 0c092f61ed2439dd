package io.heroproc.it;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.heroproc.process.ExitStatus;
import io.heroproc.process.OutputListener;
import io.heroproc.process.ProcessBackend;
import io.heroproc.process.ProcessBackends;
import io.heroproc.process.SpawnSpec;
import io.heroproc.supervisor.Await;
import io.heroproc.supervisor.Procs;
import io.heroproc.support.PackagedHeroProc;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * hero-proc on a data dir that fills up (a small tmpfs): while nothing can be written, every
 * crash of a supervised process is still noticed and restarted (seen in /proc, since the database
 * cannot say), and readiness says the database is not being written. Once space is back, the
 * database catches up by itself and agrees with what runs.
 */
class DiskFullIT {

    private static final int SERVICES = 3;
    private static final int CRASHES = 3;
    private static ProcessBackend backend;
    private final List<String> markers = new ArrayList<>();
    private PackagedHeroProc hp;
    private Path mount;

    @BeforeAll
    static void backend() {
        backend = ProcessBackends.create("ffm");
    }

    @AfterEach
    void cleanUp() throws Exception {
        if (hp != null) {
            hp.close();
        }
        markers.forEach(Procs::killAll);
        if (mount != null) {
            run("umount", "-l", mount.toString());
        }
    }

    private static int run(String... argv) throws Exception {
        ExitStatus status = backend.spawn(new SpawnSpec(List.of(argv), Map.of("PATH", "/usr/sbin:/usr/bin:/sbin:/bin"),
                Path.of("/"), null, OutputListener.DISCARD)).exit().get(30, TimeUnit.SECONDS);
        return status.exitCode() == null ? -1 : status.exitCode();
    }

    private static long onlyPid(String marker) {
        List<Long> pids = Procs.withMarker(marker);
        return pids.size() == 1 ? pids.getFirst() : -1;
    }

    private int readiness() throws Exception {
        return hp.send(HttpRequest.newBuilder(hp.uri("/q/health/ready")).GET()).statusCode();
    }

    @Test
    void everyCrashIsRestartedWhileTheDiskIsFullAndTheDatabaseCatchesUp() throws Exception {
        mount = Files.createTempDirectory("hp-tmpfs");
        assumeTrue(run("mount", "-t", "tmpfs", "-o", "size=24m", "tmpfs", mount.toString()) == 0,
                "needs root to mount a tmpfs");
        hp = new PackagedHeroProc(backend, mount);
        hp.launch();
        for (int i = 0; i < SERVICES; i++) {
            String marker = Procs.marker();
            markers.add(marker);
            hp.put("/api/v1/actions/crasher" + i, """
                    {"interpreter": "bash", "script": "exec -a %s sleep 100000"}""".formatted(marker));
            hp.put("/api/v1/services/crasher" + i, """
                    {"actions": ["crasher%d"], "restart": {"policy": "always", "backoff": {"initial": "200ms"}}}"""
                    .formatted(i));
        }
        for (int i = 0; i < SERVICES; i++) {
            int service = i;
            Await.untilCall(Duration.ofSeconds(30), () -> "running".equals(hp.status("crasher" + service)
                    .path("state").asText()), "crasher" + i + " running");
        }

        Path filler = mount.resolve("filler");
        try (FileChannel fill = FileChannel.open(filler, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            ByteBuffer block = ByteBuffer.allocate(1 << 16);
            while (true) {
                block.clear();
                fill.write(block);
            }
        } catch (IOException full) {
            // the tmpfs is full: nothing more can be written to the data dir
        }

        for (int crash = 1; crash <= CRASHES; crash++) {
            for (String marker : markers) {
                long before = onlyPid(marker);
                assertNotEquals(-1, before, "one live process for " + marker);
                ProcessHandle.of(before).ifPresent(ProcessHandle::destroyForcibly);
                Await.until(Duration.ofSeconds(30), () -> {
                    long now = onlyPid(marker);
                    return now != -1 && now != before;
                }, "crash " + crash + " of " + marker + " restarted with the disk full");
            }
        }
        Await.untilCall(Duration.ofSeconds(30), () -> readiness() == 503, "readiness is down while writes fail");
        HttpResponse<String> ready = hp.send(HttpRequest.newBuilder(hp.uri("/q/health/ready")).GET());
        assertTrue(ready.body().contains("database writes"), ready.body());

        Files.delete(filler);
        Await.untilCall(Duration.ofSeconds(60), () -> readiness() == 200, "readiness is up again once writes work");
        for (int i = 0; i < SERVICES; i++) {
            String marker = markers.get(i);
            int service = i;
            Await.untilCall(Duration.ofSeconds(30), () -> {
                JsonNode s = hp.status("crasher" + service);
                return "running".equals(s.path("state").asText()) && s.path("pids").size() == 1
                        && s.path("pids").get(0).asLong() == onlyPid(marker)
                        && s.path("restarts").asInt() == CRASHES;
            }, "the database agrees: crasher" + i + " runs its live process, after " + CRASHES + " restarts");
        }
    }
}
