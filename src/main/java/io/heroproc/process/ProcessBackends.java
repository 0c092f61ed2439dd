package io.heroproc.process;

import java.util.function.Supplier;

import org.jboss.logging.Logger;

/** Chooses the process backend. */
public final class ProcessBackends {

    private static final Logger LOG = Logger.getLogger(ProcessBackends.class);

    private ProcessBackends() {
    }

    /**
     * {@code "ffm"}: the FFM backend, or an exception if it cannot link; {@code "fallback"}: the
     * ProcessBuilder backend (see its limits in {@link FallbackProcessBackend}); {@code "auto"}:
     * FFM if it links, else the fallback, logged as an error. Only one backend should be used per
     * JVM: the FFM backend reaps every child of the JVM, including those of a fallback backend.
     */
    public static ProcessBackend create(String mode) {
        return create(mode, FfmProcessBackend::create);
    }

    /** {@code ffm} makes the FFM backend; tests make it fail the ways a native binary can. */
    static ProcessBackend create(String mode, Supplier<? extends ProcessBackend> ffm) {
        return switch (mode) {
            case "ffm" -> ffm.get();
            case "fallback" -> new FallbackProcessBackend();
            case "auto" -> {
                try {
                    yield ffm.get();
                } catch (RuntimeException | Error e) {
                    // Not only LinkageErrors (a missing symbol; MissingForeignRegistrationError in a
                    // native binary whose reachability metadata lacks a downcall): a native image
                    // built without FFM support throws UnsupportedFeatureError, a plain Error.
                    if (e instanceof VirtualMachineError fatal) {
                        throw fatal;
                    }
                    LOG.errorf(e, "FFM process backend unavailable (%s); using the ProcessBuilder fallback, which "
                            + "cannot reap orphans nor report signal deaths reliably. In a native binary this is a "
                            + "build defect: a downcall missing from reachability-metadata.json, or FFM not enabled",
                            e);
                    yield new FallbackProcessBackend();
                }
            }
            default -> throw new IllegalArgumentException("unknown process backend mode: " + mode
                    + " (expected auto, ffm or fallback)");
        };
    }
}
