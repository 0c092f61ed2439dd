package io.heroproc.supervisor;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * Finds live processes by a marker in their command line ({@code /proc/<pid>/cmdline}); a zombie's
 * command line is empty, so only processes that still run are found. Every test command carries a
 * unique marker, so a test sees exactly its own processes.
 */
public final class Procs {

    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static final String RUN = Long.toString(System.nanoTime() % 1_000_000_000L, 36);

    private Procs() {
    }

    /** A fresh marker, unique in this JVM and (by its time part) across runs. */
    public static String marker() {
        // Closed by 'z': marker 2 must not be found inside markers 20 to 29 (a substring match).
        return "hpmark" + RUN + "x" + COUNTER.incrementAndGet() + "z";
    }

    /** Pids of the live processes whose command line contains {@code marker}. */
    public static List<Long> withMarker(String marker) {
        long self = ProcessHandle.current().pid();
        List<Long> pids = new ArrayList<>();
        try (Stream<Path> entries = Files.list(Path.of("/proc"))) {
            for (Path p : (Iterable<Path>) entries::iterator) {
                String name = p.getFileName().toString();
                if (!name.chars().allMatch(Character::isDigit)) {
                    continue;
                }
                long pid = Long.parseLong(name);
                if (pid == self) {
                    continue;
                }
                try {
                    byte[] raw = Files.readAllBytes(p.resolve("cmdline"));
                    String cmdline = new String(raw, StandardCharsets.UTF_8).replace('\0', ' ');
                    if (cmdline.contains(marker) && !zombie(p)) {
                        pids.add(pid);
                    }
                } catch (IOException | SecurityException e) {
                    // gone meanwhile
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot list /proc", e);
        }
        return pids;
    }

    /**
     * Pids of the live processes whose environment marks them as one of {@code jobs} of hero-proc
     * instance {@code instance}: every descendant of a job carries these marks, whatever session,
     * group or parent it ended up with.
     */
    public static List<Long> withJobMarks(String instance, java.util.Collection<Long> jobs) {
        return withMarks(instance, env -> jobs.stream().anyMatch(j -> env.contains("HERO_PROC_JOB_ID=" + j)));
    }

    /** Pids of the live processes marked as belonging to any job of hero-proc instance {@code instance}. */
    public static List<Long> withInstanceMark(String instance) {
        return withMarks(instance, env -> true);
    }

    private static List<Long> withMarks(String instance, java.util.function.Predicate<List<String>> job) {
        List<Long> pids = new ArrayList<>();
        try (Stream<Path> entries = Files.list(Path.of("/proc"))) {
            for (Path p : (Iterable<Path>) entries::iterator) {
                String name = p.getFileName().toString();
                if (!name.chars().allMatch(Character::isDigit) || zombie(p)) {
                    continue;
                }
                try {
                    List<String> env = List.of(new String(Files.readAllBytes(p.resolve("environ")),
                            StandardCharsets.ISO_8859_1).split("\0"));
                    if (env.contains("HERO_PROC_INSTANCE=" + instance) && job.test(env)) {
                        pids.add(Long.parseLong(name));
                    }
                } catch (IOException | SecurityException e) {
                    // gone meanwhile
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot list /proc", e);
        }
        return pids;
    }

    /**
     * Waits until exactly one live process carries {@code marker}. A job counts as running once it
     * is spawned, but a script's marker shows only after its {@code exec -a}, a moment later.
     */
    public static void awaitOne(String marker, String what) {
        Await.until(() -> withMarker(marker).size() == 1, what + " (one live process marked " + marker + ")");
    }

    /** SIGKILLs whatever still carries the marker (a failed test must not leak processes). */
    public static void killAll(String marker) {
        for (long pid : withMarker(marker)) {
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    private static boolean zombie(Path proc) {
        try {
            String stat = Files.readString(proc.resolve("stat"));
            int close = stat.lastIndexOf(')');
            return close > 0 && stat.length() > close + 2 && stat.charAt(close + 2) == 'Z';
        } catch (IOException e) {
            return true;
        }
    }
}
