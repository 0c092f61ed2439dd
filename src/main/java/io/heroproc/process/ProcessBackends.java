package io.heroproc.process;

import org.jboss.logging.Logger;

/** Chooses the process backend. */
public final class ProcessBackends {

    private static final Logger LOG = Logger.getLogger(ProcessBackends.class);

    private ProcessBackends() {
    }

    /**
     * {@code "ffm"}: the FFM backend, or an exception if it cannot link; {@code "fallback"}: the
     * ProcessBuilder backend (see its limits in {@link FallbackProcessBackend}); {@code "auto"}:
     * FFM if it links, else the fallback with a warning. Only one backend should be used per JVM:
     * the FFM backend reaps every child of the JVM, including those of a fallback backend.
     */
    public static ProcessBackend create(String mode) {
        return switch (mode) {
            case "ffm" -> FfmProcessBackend.create();
            case "fallback" -> new FallbackProcessBackend();
            case "auto" -> {
                try {
                    yield FfmProcessBackend.create();
                } catch (LinkageError | RuntimeException e) {
                    LOG.warnf("FFM process backend unavailable (%s); using the ProcessBuilder fallback, "
                            + "which cannot reap orphans nor report signal deaths reliably", e.toString());
                    yield new FallbackProcessBackend();
                }
            }
            default -> throw new IllegalArgumentException("unknown process backend mode: " + mode
                    + " (expected auto, ffm or fallback)");
        };
    }
}
