package io.heroproc.supervisor;

import io.quarkus.runtime.Quarkus;
import java.util.concurrent.atomic.AtomicInteger;

/** The status hero-proc exits with: 0 after a clean stop, or that of an essential service that ended for good. */
public final class SupervisorExit {

    private static final AtomicInteger CODE = new AtomicInteger();

    private SupervisorExit() {
    }

    /** Shuts hero-proc down with {@code code} (the first non-zero code wins). */
    public static void request(int code) {
        CODE.compareAndSet(0, code);
        Quarkus.asyncExit(CODE.get());
    }

    public static int code() {
        return CODE.get();
    }
}
