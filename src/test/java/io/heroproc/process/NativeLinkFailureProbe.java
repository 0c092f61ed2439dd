package io.heroproc.process;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.graalvm.nativeimage.MissingForeignRegistrationError;

/**
 * Makes the FFM backend fail the ways it can fail in a native binary, in a JVM of its own
 * ({@link NativeLinkFailureTest}): the reaper must not have started, and the fallback's children
 * must not be reaped by it. Prints {@code name=result} lines.
 */
public final class NativeLinkFailureProbe {

    /**
     * Stand-in for GraalVM's {@code com.oracle.svm.core.jdk.UnsupportedFeatureError} (only in the
     * image builder's jars), thrown by {@code Linker.nativeLinker()} in an image built without FFM
     * support: an Error, and not a LinkageError.
     */
    static final class UnsupportedFeatureError extends Error {
        UnsupportedFeatureError(String message) {
            super(message);
        }
    }

    private NativeLinkFailureProbe() {
    }

    public static void main(String[] args) throws Exception {
        // The fallback's error goes to stderr through java.util.logging, where the test reads it.
        System.setProperty("org.jboss.logging.provider", "jdk");

        // A downcall whose descriptor the image does not register: the link throws, as in GraalVM 25.
        Supplier<ProcessBackend> unregisteredFcntl = () -> FfmProcessBackend.create(Libc.link(downcall -> {
            if (downcall == Libc.Downcall.FCNTL) {
                throw new MissingForeignRegistrationError("Cannot perform downcall with leaf type (int,int,int)int "
                        + "as it was not registered at compilation time.");
            }
            return Libc.linkNative(downcall);
        }));
        ChildJvm.say("ffm=" + failure(() -> ProcessBackends.create("ffm", unregisteredFcntl)));
        ProcessBackend unregistered = ProcessBackends.create("auto", unregisteredFcntl);
        ChildJvm.say("unregistered=" + unregistered.name());

        ChildJvm.say("noFfm=" + ProcessBackends.create("auto", () -> FfmProcessBackend.create(Libc.link(downcall -> {
            throw new UnsupportedFeatureError("Support for the Java Foreign Function and Memory API is not active");
        }))).name());

        // Every handle links, but the first call fails: still before anything changed in the process.
        MethodHandle failingSysconf = MethodHandles.dropArguments(MethodHandles.insertArguments(
                MethodHandles.throwException(long.class, UnsupportedFeatureError.class), 0,
                new UnsupportedFeatureError("downcall failed")), 0, int.class);
        ChildJvm.say("firstCallFails=" + ProcessBackends.create("auto", () -> FfmProcessBackend.create(Libc.link(
                downcall -> downcall == Libc.Downcall.SYSCONF ? failingSysconf : Libc.linkNative(downcall)))).name());

        ChildJvm.say("reaperStarted=" + Thread.getAllStackTraces().keySet().stream()
                .anyMatch(t -> t.getName().equals("process-reaper")));
        RunningProcess exit3 = unregistered.spawn(new SpawnSpec(List.of("sh", "-c", "exit 3"), TestSupport.env(),
                Path.of("/"), null, OutputListener.DISCARD));
        ChildJvm.say("fallbackSpawn=" + exit3.exit().get(10, TimeUnit.SECONDS));
        System.exit(0);
    }

    private static String failure(Supplier<ProcessBackend> create) {
        try {
            return "created " + create.get().name();
        } catch (RuntimeException | Error e) {
            return e.getClass().getSimpleName();
        }
    }
}
