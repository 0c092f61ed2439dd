package io.heroproc.supervisor;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

/**
 * Bounded polling: waits until a condition holds, checking every 20 ms, and fails with what was
 * awaited (and the last error the condition threw, if any) when the timeout passes.
 */
public final class Await {

    /** The default bound of every wait in these tests. */
    public static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final long POLL_MILLIS = 20;

    private Await() {
    }

    public static void until(Duration timeout, Supplier<Boolean> condition, String what) {
        untilCall(timeout, condition::get, what);
    }

    public static void until(Supplier<Boolean> condition, String what) {
        until(TIMEOUT, condition, what);
    }

    /** Waits until {@code condition} returns true; exceptions (and assertion errors) it throws count as "not yet". */
    public static void untilCall(Duration timeout, Callable<Boolean> condition, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Throwable last = null;
        while (true) {
            try {
                if (Boolean.TRUE.equals(condition.call())) {
                    return;
                }
            } catch (Exception | AssertionError e) {
                last = e;
            }
            if (System.nanoTime() > deadline) {
                AssertionError failure = new AssertionError("timed out after " + timeout.toMillis() + " ms waiting for: "
                        + what);
                if (last != null) {
                    failure.initCause(last);
                }
                throw failure;
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for: " + what, e);
            }
        }
    }
}
