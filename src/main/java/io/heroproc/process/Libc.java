package io.heroproc.process;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import static io.heroproc.process.Libc.Downcall.*;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Downcall handles to the libc functions hero-proc needs (glibc on Linux), one per {@link Downcall},
 * all linked when the instance is built. Functions that report failure through errno take a
 * call-state segment (from {@link #newCallState}) as first argument; posix_spawn* return their
 * error number instead.
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
    static final int PRIO_PROCESS = 0;

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

    private static final Linker.Option ERRNO = Linker.Option.captureCallState("errno");

    /**
     * Every libc function hero-proc calls, with the descriptor and linker options it is linked
     * with. A native image can only call what its reachability-metadata.json registers (otherwise
     * the link fails at run time with MissingForeignRegistrationError), and ForeignRegistrationTest
     * checks the file against this list: a new function goes here, nowhere else.
     */
    enum Downcall {
        POSIX_SPAWNP("posix_spawnp",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS)),
        SPAWNATTR_INIT("posix_spawnattr_init", INT_PTR),
        SPAWNATTR_DESTROY("posix_spawnattr_destroy", INT_PTR),
        SPAWNATTR_SETFLAGS("posix_spawnattr_setflags", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_SHORT)),
        SPAWNATTR_SETSIGMASK("posix_spawnattr_setsigmask", INT_PTR_PTR),
        SPAWNATTR_SETSIGDEFAULT("posix_spawnattr_setsigdefault", INT_PTR_PTR),
        SIGEMPTYSET("sigemptyset", INT_PTR),
        SIGFILLSET("sigfillset", INT_PTR),
        FILE_ACTIONS_INIT("posix_spawn_file_actions_init", INT_PTR),
        FILE_ACTIONS_DESTROY("posix_spawn_file_actions_destroy", INT_PTR),
        FILE_ACTIONS_ADDDUP2("posix_spawn_file_actions_adddup2",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT)),
        FILE_ACTIONS_ADDOPEN("posix_spawn_file_actions_addopen",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT)),
        FILE_ACTIONS_ADDCLOSEFROM("posix_spawn_file_actions_addclosefrom_np",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT)),
        FILE_ACTIONS_ADDCHDIR("posix_spawn_file_actions_addchdir_np", INT_PTR_PTR),
        PIPE2("pipe2", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT), ERRNO),
        CLOSE("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT)),
        READ("read", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG), ERRNO),
        WRITE("write", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG), ERRNO),
        FCNTL("fcntl", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT), ERRNO,
                Linker.Option.firstVariadicArg(2)),
        EPOLL_CREATE1("epoll_create1", FunctionDescriptor.of(JAVA_INT, JAVA_INT), ERRNO),
        EPOLL_CTL("epoll_ctl", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS), ERRNO),
        EPOLL_WAIT("epoll_wait", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT), ERRNO),
        EVENTFD("eventfd", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT), ERRNO),
        WAITPID("waitpid", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT), ERRNO),
        KILL("kill", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT), ERRNO),
        PRCTL("prctl", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG), ERRNO, Linker.Option.firstVariadicArg(1)),
        SYSCONF("sysconf", FunctionDescriptor.of(JAVA_LONG, JAVA_INT)),
        SETPRIORITY("setpriority", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT), ERRNO);

        final String symbol;
        final FunctionDescriptor descriptor;
        final List<Linker.Option> options;

        Downcall(String symbol, FunctionDescriptor descriptor, Linker.Option... options) {
            this.symbol = symbol;
            this.descriptor = descriptor;
            this.options = List.of(options);
        }
    }

    private final VarHandle errnoHandle = Linker.Option.captureStateLayout()
            .varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private final Map<Downcall, MethodHandle> handles = new EnumMap<>(Downcall.class);

    private static volatile Libc instance;

    private Libc(Function<Downcall, MethodHandle> linker) {
        for (Downcall downcall : Downcall.values()) {
            handles.put(downcall, linker.apply(downcall));
        }
    }

    /**
     * Links every downcall with {@code linker}, which is {@link #linkNative} except in tests (they
     * record the links, or fail one the way a native image without its registration does).
     */
    static Libc link(Function<Downcall, MethodHandle> linker) {
        return new Libc(linker);
    }

    /** Links every handle; throws if one cannot be linked (no FFM, missing symbol, other libc). */
    static Libc get() {
        Libc libc = instance;
        if (libc == null) {
            synchronized (Libc.class) {
                if (instance == null) {
                    instance = new Libc(Libc::linkNative);
                }
                libc = instance;
            }
        }
        return libc;
    }

    /**
     * The only downcallHandle of hero-proc. In a native image this is where a downcall whose
     * descriptor is not registered fails (MissingForeignRegistrationError), and where an image built
     * without FFM support fails (UnsupportedFeatureError, from nativeLinker).
     */
    static MethodHandle linkNative(Downcall downcall) {
        Linker linker = Linker.nativeLinker();
        MemorySegment symbol = linker.defaultLookup().find(downcall.symbol)
                .orElseThrow(() -> new UnsatisfiedLinkError("libc has no " + downcall.symbol));
        return linker.downcallHandle(symbol, downcall.descriptor, downcall.options.toArray(Linker.Option[]::new));
    }

    private MethodHandle handle(Downcall downcall) {
        return handles.get(downcall);
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
            return (int) handle(POSIX_SPAWNP).invokeExact(pid, file, fileActions, attr, argv, envp);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    int spawnattrInit(MemorySegment attr) {
        return callPtr(SPAWNATTR_INIT, attr);
    }

    int spawnattrDestroy(MemorySegment attr) {
        return callPtr(SPAWNATTR_DESTROY, attr);
    }

    int spawnattrSetflags(MemorySegment attr, short flags) {
        try {
            return (int) handle(SPAWNATTR_SETFLAGS).invokeExact(attr, flags);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    int spawnattrSetsigmask(MemorySegment attr, MemorySegment sigset) {
        return callPtrPtr(SPAWNATTR_SETSIGMASK, attr, sigset);
    }

    int spawnattrSetsigdefault(MemorySegment attr, MemorySegment sigset) {
        return callPtrPtr(SPAWNATTR_SETSIGDEFAULT, attr, sigset);
    }

    int sigemptyset(MemorySegment sigset) {
        return callPtr(SIGEMPTYSET, sigset);
    }

    int sigfillset(MemorySegment sigset) {
        return callPtr(SIGFILLSET, sigset);
    }

    int fileActionsInit(MemorySegment fa) {
        return callPtr(FILE_ACTIONS_INIT, fa);
    }

    int fileActionsDestroy(MemorySegment fa) {
        return callPtr(FILE_ACTIONS_DESTROY, fa);
    }

    int fileActionsAdddup2(MemorySegment fa, int fd, int newFd) {
        try {
            return (int) handle(FILE_ACTIONS_ADDDUP2).invokeExact(fa, fd, newFd);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    int fileActionsAddopen(MemorySegment fa, int fd, MemorySegment path, int flags, int mode) {
        try {
            return (int) handle(FILE_ACTIONS_ADDOPEN).invokeExact(fa, fd, path, flags, mode);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    int fileActionsAddclosefrom(MemorySegment fa, int from) {
        try {
            return (int) handle(FILE_ACTIONS_ADDCLOSEFROM).invokeExact(fa, from);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    int fileActionsAddchdir(MemorySegment fa, MemorySegment path) {
        return callPtrPtr(FILE_ACTIONS_ADDCHDIR, fa, path);
    }

    int pipe2(MemorySegment callState, MemorySegment fds, int flags) {
        try {
            return (int) handle(PIPE2).invokeExact(callState, fds, flags);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    int close(int fd) {
        try {
            return (int) handle(CLOSE).invokeExact(fd);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    long read(MemorySegment callState, int fd, MemorySegment buf, long count) {
        try {
            return (long) handle(READ).invokeExact(callState, fd, buf, count);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    int waitpid(MemorySegment callState, int pid, MemorySegment status, int options) {
        try {
            return (int) handle(WAITPID).invokeExact(callState, pid, status, options);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    long write(MemorySegment callState, int fd, MemorySegment buf, long count) {
        try {
            return (long) handle(WRITE).invokeExact(callState, fd, buf, count);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** {@code fcntl} with an int argument (F_GETFL ignores it). */
    int fcntl(MemorySegment callState, int fd, int command, int argument) {
        try {
            return (int) handle(FCNTL).invokeExact(callState, fd, command, argument);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    int epollCreate1(MemorySegment callState, int flags) {
        try {
            return (int) handle(EPOLL_CREATE1).invokeExact(callState, flags);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    int epollCtl(MemorySegment callState, int epfd, int op, int fd, MemorySegment event) {
        try {
            return (int) handle(EPOLL_CTL).invokeExact(callState, epfd, op, fd, event);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    int epollWait(MemorySegment callState, int epfd, MemorySegment events, int maxEvents, int timeoutMillis) {
        try {
            return (int) handle(EPOLL_WAIT).invokeExact(callState, epfd, events, maxEvents, timeoutMillis);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    int eventfd(MemorySegment callState, int initial, int flags) {
        try {
            return (int) handle(EVENTFD).invokeExact(callState, initial, flags);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    int kill(MemorySegment callState, int pid, int signal) {
        try {
            return (int) handle(KILL).invokeExact(callState, pid, signal);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    int prctl(MemorySegment callState, int option, long arg) {
        try {
            return (int) handle(PRCTL).invokeExact(callState, option, arg);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** {@code which}: {@link #PRIO_PROCESS}, whose {@code who} is one thread on Linux. */
    int setpriority(MemorySegment callState, int which, int who, int nice) {
        try {
            return (int) handle(SETPRIORITY).invokeExact(callState, which, who, nice);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    long sysconf(int name) {
        try {
            return (long) handle(SYSCONF).invokeExact(name);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    private int callPtr(Downcall downcall, MemorySegment a) {
        try {
            return (int) handle(downcall).invokeExact(a);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    private int callPtrPtr(Downcall downcall, MemorySegment a, MemorySegment b) {
        try {
            return (int) handle(downcall).invokeExact(a, b);
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
