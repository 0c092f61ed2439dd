package io.heroproc.process;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

import org.jboss.logging.Logger;

/**
 * The backend built on {@code java.lang.foreign}: jobs start with {@code posix_spawnp} in a new
 * session ({@code POSIX_SPAWN_SETSID}, so pgid == pid), with an empty signal mask and every signal
 * at its default disposition, stdin on {@code /dev/null}, stdout and stderr on their own pipes, and
 * no other descriptor ({@code addclosefrom_np(3)}). Exits are collected by the one
 * {@link ProcessReaper} of the JVM, which also makes hero-proc a child subreaper; the pipes of
 * every job are read by this backend's one {@link OutputPoller} thread.
 */
final class FfmProcessBackend implements ProcessBackend {

    private static final Logger LOG = Logger.getLogger(FfmProcessBackend.class);
    private static final Map<Integer, String> ERRORS = Map.of(
            1, "operation not permitted", 2, "no such file or directory", 7, "argument list too long",
            8, "exec format error (a script without #! line?)", 11, "resource temporarily unavailable (process limit?)",
            12, "out of memory", 13, "permission denied", 20, "not a directory", 26, "text file busy");

    private final Libc libc;
    private final ProcessReaper reaper;
    private final long ticksPerSecond;
    private final long pageSize;
    private OutputPoller poller;

    private FfmProcessBackend(Libc libc) {
        this.libc = libc;
        // The first calls come before the reaper: once it runs, it takes every child of the process,
        // and a failure here could no longer fall back to the ProcessBuilder backend.
        this.ticksPerSecond = libc.sysconf(Libc.SC_CLK_TCK);
        this.pageSize = libc.sysconf(Libc.SC_PAGESIZE);
        this.reaper = ProcessReaper.get(libc);
    }

    /**
     * Links libc; throws (an Error or RuntimeException) when FFM or a needed symbol is unavailable,
     * before it changes anything in the process.
     */
    static FfmProcessBackend create() {
        return create(Libc.get());
    }

    static FfmProcessBackend create(Libc libc) {
        return new FfmProcessBackend(libc);
    }

    @Override
    public String name() {
        return "ffm";
    }

    Units units() {
        return new Units(ticksPerSecond, pageSize);
    }

    @Override
    public RunningProcess spawn(SpawnSpec spec) throws SpawnException {
        Executables.Command resolved = Executables.of(spec);
        List<String> argv = resolved.argv();
        Path program = resolved.program();
        try (Arena arena = Arena.ofConfined()) {
            int[] out = pipe(arena);
            int[] err;
            try {
                err = pipe(arena);
            } catch (SpawnException e) {
                libc.close(out[0]);
                libc.close(out[1]);
                throw e;
            }
            CompletableFuture<ExitStatus> exit = new CompletableFuture<>();
            int pid;
            try {
                pid = spawn(arena, program, argv, spec, out[1], err[1], exit);
            } catch (SpawnException | RuntimeException e) {
                libc.close(out[0]);
                libc.close(err[0]);
                throw e;
            } finally {
                libc.close(out[1]);
                libc.close(err[1]);
            }
            if (pid < 0) {
                libc.close(out[0]);
                libc.close(err[0]);
                throw new SpawnException("cannot start " + program + ": "
                        + ERRORS.getOrDefault(-pid, "error") + " (errno " + -pid + ")");
            }
            // If the child is already gone, -1 makes the pid-reuse guard refuse its recycled pid.
            long startTime = ProcStat.read(pid).map(ProcStat::startTime).orElse(-1L);
            OutputPoller poller = poller();
            poller.add(pid, StdStream.STDOUT, out[0], spec.output());
            poller.add(pid, StdStream.STDERR, err[0], spec.output());
            LOG.debugf("spawned pid %d: %s", pid, argv);
            return new RunningProcess(new ProcessId(pid, pid, startTime), Instant.now(), exit);
        }
    }

    /** Turns after which the poller left flooding pipes to fill (see {@link OutputPoller#COALESCE_NANOS}): for the tests. */
    synchronized long coalescedTurns() {
        return poller == null ? 0 : poller.turns();
    }

    private synchronized OutputPoller poller() {
        if (poller == null) {
            poller = new OutputPoller(libc);
        }
        return poller;
    }

    private int[] pipe(Arena arena) throws SpawnException {
        MemorySegment fds = arena.allocate(JAVA_INT, 2);
        MemorySegment callState = libc.newCallState(arena);
        if (libc.pipe2(callState, fds, Libc.O_CLOEXEC) != 0) {
            throw new SpawnException("cannot create output pipe: errno " + libc.errno(callState));
        }
        return new int[] {fds.getAtIndex(JAVA_INT, 0), fds.getAtIndex(JAVA_INT, 1)};
    }

    /** Returns the pid, or -errno if posix_spawnp failed. */
    private int spawn(Arena arena, Path program, List<String> argv, SpawnSpec spec, int stdout, int stderr,
                      CompletableFuture<ExitStatus> exit) throws SpawnException {
        MemorySegment attr = arena.allocate(Libc.SPAWNATTR_BYTES, 8);
        MemorySegment actions = arena.allocate(Libc.FILE_ACTIONS_BYTES, 8);
        MemorySegment sigset = arena.allocate(Libc.SIGSET_BYTES, 8);
        check("posix_spawnattr_init", libc.spawnattrInit(attr));
        try {
            check("posix_spawn_file_actions_init", libc.fileActionsInit(actions));
            try {
                check("posix_spawnattr_setflags", libc.spawnattrSetflags(attr, (short)
                        (Libc.POSIX_SPAWN_SETSID | Libc.POSIX_SPAWN_SETSIGMASK | Libc.POSIX_SPAWN_SETSIGDEF)));
                check("sigemptyset", libc.sigemptyset(sigset));
                check("posix_spawnattr_setsigmask", libc.spawnattrSetsigmask(attr, sigset));
                // The JVM ignores or handles some signals; the job must start with none of that.
                // sigfillset leaves out glibc's internal signals 32 and 33, which the spawn would then
                // leave ignored in the job: the kernel's 64 signals are set bit by bit instead.
                check("sigfillset", libc.sigfillset(sigset));
                sigset.set(JAVA_LONG, 0, -1L);
                check("posix_spawnattr_setsigdefault", libc.spawnattrSetsigdefault(attr, sigset));
                check("adddup2", libc.fileActionsAdddup2(actions, stdout, 1));
                check("adddup2", libc.fileActionsAdddup2(actions, stderr, 2));
                check("addopen", libc.fileActionsAddopen(actions, 0, arena.allocateFrom("/dev/null"), Libc.O_RDONLY, 0));
                check("addclosefrom_np", libc.fileActionsAddclosefrom(actions, 3));
                check("addchdir_np", libc.fileActionsAddchdir(actions, arena.allocateFrom(spec.cwd().toString())));
                MemorySegment pidOut = arena.allocate(JAVA_INT);
                MemorySegment file = arena.allocateFrom(program.toString());
                MemorySegment argvArray = cStrings(arena, argv);
                MemorySegment envp = cStrings(arena, spec.env().entrySet().stream()
                        .map(e -> e.getKey() + "=" + e.getValue()).toList());
                return reaper.spawn(() -> {
                    int error = libc.posixSpawnp(pidOut, file, actions, attr, argvArray, envp);
                    return error == 0 ? pidOut.get(JAVA_INT, 0) : -error;
                }, exit);
            } finally {
                libc.fileActionsDestroy(actions);
            }
        } finally {
            libc.spawnattrDestroy(attr);
        }
    }

    private static void check(String function, int error) throws SpawnException {
        if (error != 0) {
            throw new SpawnException(function + " failed: errno " + error);
        }
    }

    /** A NULL-terminated array of C strings. */
    private static MemorySegment cStrings(Arena arena, List<String> strings) {
        MemorySegment array = arena.allocate(ADDRESS, strings.size() + 1L);
        for (int i = 0; i < strings.size(); i++) {
            array.setAtIndex(ADDRESS, i, arena.allocateFrom(strings.get(i)));
        }
        array.setAtIndex(ADDRESS, strings.size(), MemorySegment.NULL);
        return array;
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
        int target = id.leadsGroup() ? -(int) id.pgid() : (int) id.pid();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment callState = libc.newCallState(arena);
            if (libc.kill(callState, target, signal) != 0 && libc.errno(callState) != Libc.ESRCH) {
                LOG.warnf("kill(%d, %d) failed: errno %d", target, signal, libc.errno(callState));
            }
        }
    }

    @Override
    public boolean isAlive(ProcessId id) {
        return ProcStat.isAlive(id);
    }

    @Override
    public boolean awaitsExit(RunningProcess process) {
        return reaper.awaitsExit((int) process.pid(), process.exit());
    }



    @Override
    public void onOrphanReaped(Consumer<ReapedOrphan> listener) {
        reaper.onOrphanReaped(listener);
    }

    @Override
    public void close() {
        // The reaper blocks in waitpid(-1): one more child, reaped at once, lets it see the request.
        reaper.stopAfterNextExit();
        try {
            spawn(new SpawnSpec(List.of("true"), Map.of("PATH", "/usr/bin:/bin"), Path.of("/"), null,
                    OutputListener.DISCARD));
        } catch (SpawnException e) {
            LOG.warnf("could not wake the reaper to stop it: %s", e.getMessage());
        }
        synchronized (this) {
            if (poller != null) {
                poller.close();
            }
        }
    }
}
