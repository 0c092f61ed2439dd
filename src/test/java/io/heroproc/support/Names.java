package io.heroproc.support;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Unique names for test objects: every {@code @QuarkusTest} class shares one application and one
 * database, so no test may reuse a name another test (or an earlier run of itself) created.
 */
public final class Names {

    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static final String RUN = Long.toString(System.nanoTime() % 1_000_000, 36);

    private Names() {
    }

    /** {@code prefix-RUN-N}: a valid action or service name (keep the prefix short and lower case). */
    public static String unique(String prefix) {
        return prefix + "-" + RUN + "-" + COUNTER.incrementAndGet();
    }
}
