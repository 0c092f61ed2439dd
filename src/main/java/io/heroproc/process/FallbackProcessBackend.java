package io.heroproc.process;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.jboss.logging.Logger;

/**
 * The backend used when FFM cannot link: plain {@link ProcessBuilder}, the JDK's own reaper, and
 * external tools for what the JDK cannot do. Its limits, compared with {@link FfmProcessBackend}:
 * <ul>
 * <li>A new session comes from the {@code setsid} binary put in front of the command. Without it
 *     the job stays in hero-proc's process group, so signals and samples cover the job's pid only,
 *     never its descendants. Right after spawn the job may not have called setsid() yet; a
 *     signal sent in that instant finds no group and is lost.</li>
 * <li>The JDK reports a death by signal n as exit code 128+n, the same as a real exit(128+n). An
 *     exit code above 128 is reported as signal (code - 128) only if hero-proc sent that signal
 *     to the job; a SIGSEGV crash, for example, is reported as exit 139.</li>
 * <li>hero-proc does not become a subreaper and reaps only its own children: orphans go to init
 *     and, when hero-proc is PID 1, stay zombies. Do not use this backend as PID 1.
 *     {@link #onOrphanReaped} is never called.</li>
 * <li>Signals other than through the JDK are sent by running {@code kill}; the signal mask and
 *     dispositions of the child are whatever the JDK's launcher leaves (it resets most).</li>
 * <li>CPU and RSS assume 100 clock ticks per second and 4 KiB pages (no sysconf without FFM).</li>
 * </ul>
 * File descriptors do not leak: the JDK closes every descriptor above 2 in the child.
 */
final class FallbackProcessBackend implements ProcessBackend {

    private static final Logger LOG = Logger.getLogger(FallbackProcessBackend.class);
    private static final long TICKS_PER_SECOND = 100;
    private static final long PAGE_SIZE = 4096;
    private static final Path ROOT = Path.of("/");

    private final Optional<Path> setsid = Executables.find("setsid", Executables.DEFAULT_PATH, ROOT);
    private final Optional<Path> kill = Executables.find("kill", Executables.DEFAULT_PATH, ROOT);
    private final Map<Long, Set<Integer>> sentSignals = new ConcurrentHashMap<>();

    FallbackProcessBackend() {
        if (setsid.isEmpty()) {
            LOG.warn("setsid not found: jobs share hero-proc's process group; stops reach the job's pid only");
        }
    }

    @Override
    public String name() {
        return "fallback";
    }

    @Override
    public RunningProcess spawn(SpawnSpec spec) throws SpawnException {
        Executables.Command resolved = Executables.of(spec);
        List<String> argv = resolved.argv();
        Path program = resolved.program();
        List<String> command = new ArrayList<>();
        setsid.ifPresent(s -> command.add(s.toString()));
        command.add(program.toString());
        command.addAll(argv.subList(1, argv.size()));
        ProcessBuilder builder = new ProcessBuilder(command).directory(spec.cwd().toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        builder.environment().clear();
        builder.environment().putAll(spec.env());
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new SpawnException("cannot start " + program + ": " + e.getMessage(), e);
        }
        long pid = process.pid();
        Optional<ProcStat> stat = ProcStat.read(pid);
        long pgid = setsid.isPresent() ? pid : stat.map(ProcStat::pgrp).orElse(-1L);
        sentSignals.put(pid, ConcurrentHashMap.newKeySet());
        CompletableFuture<ExitStatus> exit = process.onExit().thenApply(p -> exitStatus(p.pid(), p.exitValue()));
        PipeReader.start(pid, StdStream.STDOUT, source(process.getInputStream()), spec.output());
        PipeReader.start(pid, StdStream.STDERR, source(process.getErrorStream()), spec.output());
        return new RunningProcess(new ProcessId(pid, pgid, stat.map(ProcStat::startTime).orElse(-1L)),
                Instant.now(), exit);
    }

    private ExitStatus exitStatus(long pid, int code) {
        Set<Integer> sent = sentSignals.remove(pid);
        if (code > 128 && sent != null && sent.contains(code - 128)) {
            return ExitStatus.killed(code - 128, Instant.now());
        }
        return ExitStatus.exited(code, Instant.now());
    }

    private static PipeReader.Source source(InputStream in) {
        return new PipeReader.Source() {
            @Override
            public int read(byte[] buffer) throws IOException {
                return in.read(buffer);
            }

            @Override
            public void close() throws IOException {
                in.close();
            }
        };
    }

    @Override
    public CompletableFuture<ExitStatus> stop(RunningProcess process, int signal, Duration grace) {
        return GroupStop.stop(process, signal, grace, this::signal);
    }

    @Override
    public void signal(ProcessId id, int signal) {
        if (!ProcStat.safeToSignal(id)) {
            return;
        }
        Set<Integer> sent = sentSignals.get(id.pid());
        if (sent != null) {
            sent.add(signal);
        }
        if (kill.isEmpty()) {
            signalWithoutKill(id, signal);
            return;
        }
        String target = id.leadsGroup() ? "-" + id.pgid() : Long.toString(id.pid());
        try {
            Process p = new ProcessBuilder(kill.get().toString(), "-" + signal, "--", target)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(5, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        } catch (IOException e) {
            LOG.warnf(e, "cannot run kill for %s", target);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Without a kill binary only the JDK's SIGTERM and SIGKILL to the pid itself remain. */
    private static void signalWithoutKill(ProcessId id, int signal) {
        Optional<ProcessHandle> handle = ProcessHandle.of(id.pid());
        if (signal == Signals.SIGKILL) {
            handle.ifPresent(ProcessHandle::destroyForcibly);
        } else if (signal == Signals.SIGTERM) {
            handle.ifPresent(ProcessHandle::destroy);
        } else {
            LOG.warnf("no kill binary: cannot send %s to pid %d", Signals.name(signal), id.pid());
        }
    }

    @Override
    public boolean isAlive(ProcessId id) {
        return ProcStat.isAlive(id);
    }


    @Override
    public void onOrphanReaped(Consumer<ReapedOrphan> listener) {
        // see the class comment: orphans are not ours to reap here
    }
}
