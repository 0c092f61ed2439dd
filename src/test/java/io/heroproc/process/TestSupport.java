package io.heroproc.process;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** Helpers shared by the process tests: specs, output capture and bounded waiting. */
final class TestSupport {

    static final Duration TIMEOUT = Duration.ofSeconds(20);

    private TestSupport() {
    }

    static Map<String, String> env() {
        Map<String, String> env = new HashMap<>();
        env.put("PATH", System.getenv().getOrDefault("PATH", Executables.DEFAULT_PATH));
        return env;
    }

    static SpawnSpec sh(String script, OutputListener output) {
        return new SpawnSpec(List.of("sh", "-c", script), env(), Path.of("/tmp"), null, output);
    }

    /** Waits until {@code condition} holds, failing after {@link #TIMEOUT}. */
    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for: " + what);
            }
            TimeUnit.MILLISECONDS.sleep(10);
        }
    }

    /** Processes in the group that are not yet reaped (zombies included). */
    static List<ProcStat> inGroup(long pgid) {
        return ProcStat.all().stream().filter(s -> s.pgrp() == pgid).toList();
    }

    /** Zombie children of this JVM: what a missing reap leaves behind. */
    static List<ProcStat> ourZombies() {
        long self = ProcessHandle.current().pid();
        return ProcStat.all().stream().filter(s -> s.ppid() == self && s.zombie()).toList();
    }

    /** Collects whole lines (as UTF-8 text) per stream and tells when both streams ended. */
    static final class Capture implements OutputListener {
        private final Map<StdStream, List<String>> lines = new EnumMap<>(StdStream.class);
        private final CountDownLatch ended = new CountDownLatch(2);

        Capture() {
            for (StdStream s : StdStream.values()) {
                lines.put(s, Collections.synchronizedList(new ArrayList<>()));
            }
        }

        @Override
        public void onLine(StdStream stream, byte[] line, boolean partial) {
            lines.get(stream).add(new String(line, StandardCharsets.UTF_8));
        }

        @Override
        public void onEnd(StdStream stream) {
            ended.countDown();
        }

        List<String> out() {
            return lines.get(StdStream.STDOUT);
        }

        List<String> err() {
            return lines.get(StdStream.STDERR);
        }

        Capture awaitEnd() throws InterruptedException {
            if (!ended.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                throw new AssertionError("output did not reach EOF; stdout=" + out() + " stderr=" + err());
            }
            return this;
        }
    }
}
