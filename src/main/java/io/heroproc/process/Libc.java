package io.heroproc.process;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

/**
 * Downcall handles to the libc functions hero-proc needs (glibc on Linux). Every descriptor used
 * here is listed in {@code META-INF/native-image/io.heroproc/hero-proc/reachability-metadata.json};
 * keep the two in sync. Functions that report failure through errno take a call-state segment
 * (from {@link #newCallState}) as first argument; posix_spawn* return their error number instead.
 */
final class Libc {

    // Sizes for glibc on x86_64 (asserted by LibcLayoutTest); musl uses the same sizes.
    static final long SPAWNATTR_BYTES = 336;
    static final long FILE_ACTIONS_BYTES = 80;
    static final long SIGSET_BYTES = 128;

    static final short POSIX_SPAWN_SETSIGDEF = 0x4;
    static final short POSIX_SPAWN_SETSIGMASK = 0x8;
    static final short POSIX_SPAWN_SETSID = 0x80;
    static final int O_RDONLY = 0;
    static final int O_CLOEXEC = 0x80000;
    static final int PR_SET_CHILD_SUBREAPER = 36;
    static final int SC_CLK_TCK = 2;
    static final int SC_PAGESIZE = 30;

    static final int O_NONBLOCK = 0x800;
    static final int F_GETFL = 3;
    static final int F_SETFL = 4;
    static final int EPOLL_CLOEXEC = O_CLOEXEC;
    static final int EPOLL_CTL_ADD = 1;
    static final int EPOLL_CTL_DEL = 2;
    static final int EPOLLIN = 0x1;
    static final int EFD_CLOEXEC = O_CLOEXEC;
    static final int EFD_NONBLOCK = O_NONBLOCK;
    /**
     * {@code struct epoll_event}: a uint32 of events, then a uint64 of user data. The kernel packs
     * it on x86_64 (12 bytes, data at offset 4); elsewhere the data is 8-aligned (16 bytes).
     */
    static final boolean EPOLL_EVENT_PACKED = "amd64".equals(System.getProperty("os.arch"));
    static final long EPOLL_EVENT_BYTES = EPOLL_EVENT_PACKED ? 12 : 16;
    static final long EPOLL_DATA_OFFSET = EPOLL_EVENT_PACKED ? 4 : 8;

    static final int EINTR = 4;
    static final int EAGAIN = 11;
    static final int ECHILD = 10;
    static final int ESRCH = 3;

    private static final FunctionDescriptor INT_PTR = FunctionDescriptor.of(JAVA_INT, ADDRESS);
    private static final FunctionDescriptor INT_PTR_PTR = FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS);

    private final Linker linker = Linker.nativeLinker();
    private final SymbolLookup lookup = linker.defaultLookup();
    private final Linker.Option errno = Linker.Option.captureCallState("errno");
    private final VarHandle errnoHandle = Linker.Option.captureStateLayout()
            .varHandle(MemoryLayout.PathElement.groupElement("errno"));

    private final MethodHandle posixSpawnp = handle("posix_spawnp",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS));
    private final MethodHandle spawnattrInit = handle("posix_spawnattr_init", INT_PTR);
    private final MethodHandle spawnattrDestroy = handle("posix_spawnattr_destroy", INT_PTR);
    private final MethodHandle spawnattrSetflags = handle("posix_spawnattr_setflags",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_SHORT));
    private final MethodHandle spawnattrSetsigmask = handle("posix_spawnattr_setsigmask", INT_PTR_PTR);
    private final MethodHandle spawnattrSetsigdefault = handle("posix_spawnattr_setsigdefault", INT_PTR_PTR);
    private final MethodHandle sigemptyset = handle("sigemptyset", INT_PTR);
    private final MethodHandle sigfillset = handle("sigfillset", INT_PTR);
    private final MethodHandle fileActionsInit = handle("posix_spawn_file_actions_init", INT_PTR);
    private final MethodHandle fileActionsDestroy = handle("posix_spawn_file_actions_destroy", INT_PTR);
    private final MethodHandle fileActionsAdddup2 = handle("posix_spawn_file_actions_adddup2",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));
    private final MethodHandle fileActionsAddopen = handle("posix_spawn_file_actions_addopen",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));
    private final MethodHandle fileActionsAddclosefrom = handle("posix_spawn_file_actions_addclosefrom_np",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    private final MethodHandle fileActionsAddchdir = handle("posix_spawn_file_actions_addchdir_np", INT_PTR_PTR);
    private final MethodHandle pipe2 = handle("pipe2", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT), errno);
    private final MethodHandle close = handle("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    private final MethodHandle read = handle("read",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG), errno);
    private final MethodHandle write = handle("write",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG), errno);
    private final MethodHandle fcntl = handle("fcntl", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT),
            errno, Linker.Option.firstVariadicArg(2));
    private final MethodHandle epollCreate1 = handle("epoll_create1", FunctionDescriptor.of(JAVA_INT, JAVA_INT), errno);
    private final MethodHandle epollCtl = handle("epoll_ctl",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS), errno);
    private final MethodHandle epollWait = handle("epoll_wait",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT), errno);
    private final MethodHandle eventfd = handle("eventfd", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT), errno);
    private final MethodHandle waitpid = handle("waitpid",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT), errno);
    private final MethodHandle kill = handle("kill", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT), errno);
    private final MethodHandle prctl = handle("prctl", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG),
            errno, Linker.Option.firstVariadicArg(1));
    private final MethodHandle sysconf = handle("sysconf", FunctionDescriptor.of(JAVA_LONG, JAVA_INT));

    private static volatile Libc instance;

    private Libc() {
    }

    /** Links every handle; throws if one cannot be linked (no FFM, missing symbol, other libc). */
    static Libc get() {
        Libc libc = instance;
        if (libc == null) {
            synchronized (Libc.class) {
                if (instance == null) {
                    instance = new Libc();
                }
                libc = instance;
            }
        }
        return libc;
    }

    private MethodHandle handle(String name, FunctionDescriptor descriptor, Linker.Option... options) {
        MemorySegment symbol = lookup.find(name)
                .orElseThrow(() -> new UnsatisfiedLinkError("libc has no " + name));
        return linker.downcallHandle(symbol, descriptor, options);
    }

    MemorySegment newCallState(Arena arena) {
        return arena.allocate(Linker.Option.captureStateLayout());
    }

    int errno(MemorySegment callState) {
        return (int) errnoHandle.get(callState, 0L);
    }

    int posixSpawnp(MemorySegment pid, MemorySegment file, MemorySegment fileActions, MemorySegment attr,
                    MemorySegment argv, MemorySegment envp) {
        try {
            return (int) posixSpawnp.invokeExact(pid, file, fileActions, attr, argv, envp);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    int spawnattrInit(MemorySegment attr) {
        return callPtr(spawnattrInit, attr);
    }

    int spawnattrDestroy(MemorySegment attr) {
        return callPtr(spawnattrDestroy, attr);
    }

    int spawnattrSetflags(MemorySegment attr, short flags) {
        try {
            return (int) spawnattrSetflags.invokeExact(attr, flags);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    int spawnattrSetsigmask(MemorySegment attr, MemorySegment sigset) {
        return callPtrPtr(spawnattrSetsigmask, attr, sigset);
    }

    int spawnattrSetsigdefault(MemorySegment attr, MemorySegment sigset) {
        return callPtrPtr(spawnattrSetsigdefault, attr, sigset);
    }

    int sigemptyset(MemorySegment sigset) {
        return callPtr(sigemptyset, sigset);
    }

    int sigfillset(MemorySegment sigset) {
        return callPtr(sigfillset, sigset);
    }

    int fileActionsInit(MemorySegment fa) {
        return callPtr(fileActionsInit, fa);
    }

    int fileActionsDestroy(MemorySegment fa) {
        return callPtr(fileActionsDestroy, fa);
    }

    int fileActionsAdddup2(MemorySegment fa, int fd, int newFd) {
        try {
            return (int) fileActionsAdddup2.invokeExact(fa, fd, newFd);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    int fileActionsAddopen(MemorySegment fa, int fd, MemorySegment path, int flags, int mode) {
        try {
            return (int) fileActionsAddopen.invokeExact(fa, fd, path, flags, mode);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    int fileActionsAddclosefrom(MemorySegment fa, int from) {
        try {
            return (int) fileActionsAddclosefrom.invokeExact(fa, from);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    int fileActionsAddchdir(MemorySegment fa, MemorySegment path) {
        return callPtrPtr(fileActionsAddchdir, fa, path);
    }

    int pipe2(MemorySegment callState, MemorySegment fds, int flags) {
        try {
            return (int) pipe2.invokeExact(callState, fds, flags);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    int close(int fd) {
        try {
            return (int) close.invokeExact(fd);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    long read(MemorySegment callState, int fd, MemorySegment buf, long count) {
        try {
            return (long) read.invokeExact(callState, fd, buf, count);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    int waitpid(MemorySegment callState, int pid, MemorySegment status, int options) {
        try {
            return (int) waitpid.invokeExact(callState, pid, status, options);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    long write(MemorySegment callState, int fd, MemorySegment buf, long count) {
        try {
            return (long) write.invokeExact(callState, fd, buf, count);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** {@code fcntl} with an int argument (F_GETFL ignores it). */
    int fcntl(MemorySegment callState, int fd, int command, int argument) {
        try {
            return (int) fcntl.invokeExact(callState, fd, command, argument);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    int epollCreate1(MemorySegment callState, int flags) {
        try {
            return (int) epollCreate1.invokeExact(callState, flags);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    int epollCtl(MemorySegment callState, int epfd, int op, int fd, MemorySegment event) {
        try {
            return (int) epollCtl.invokeExact(callState, epfd, op, fd, event);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    int epollWait(MemorySegment callState, int epfd, MemorySegment events, int maxEvents, int timeoutMillis) {
        try {
            return (int) epollWait.invokeExact(callState, epfd, events, maxEvents, timeoutMillis);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    int eventfd(MemorySegment callState, int initial, int flags) {
        try {
            return (int) eventfd.invokeExact(callState, initial, flags);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    int kill(MemorySegment callState, int pid, int signal) {
        try {
            return (int) kill.invokeExact(callState, pid, signal);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    int prctl(MemorySegment callState, int option, long arg) {
        try {
            return (int) prctl.invokeExact(callState, option, arg);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    long sysconf(int name) {
        try {
            return (long) sysconf.invokeExact(name);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    private static int callPtr(MethodHandle handle, MemorySegment a) {
        try {
            return (int) handle.invokeExact(a);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    private static int callPtrPtr(MethodHandle handle, MemorySegment a, MemorySegment b) {
        try {
            return (int) handle.invokeExact(a, b);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    private static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException e) {
            throw e;
        }
        if (t instanceof Error e) {
            throw e;
        }
        return new IllegalStateException(t);
    }
}
