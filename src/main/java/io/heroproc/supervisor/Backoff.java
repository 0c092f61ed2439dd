package io.heroproc.supervisor;

import io.heroproc.model.ActionKind;
import io.heroproc.model.RestartPolicy;
import io.heroproc.registry.ServiceDef;
import java.time.Duration;
import java.util.random.RandomGenerator;

/** The restart policy as pure functions: whether to restart, and after how long. */
final class Backoff {

    private Backoff() {
    }

    /** Delay before restart number {@code consecutive + 1}: initial × factor^consecutive, capped, ± jitter. */
    static Duration delay(ServiceDef s, int consecutive, RandomGenerator random) {
        double base = Math.min(s.backoffInitialMs() * Math.pow(s.backoffFactor(), consecutive), s.backoffMaxMs());
        double spread = base * s.backoffJitter() * (random.nextDouble() * 2 - 1);
        return Duration.ofMillis(Math.max(0, Math.round(base + spread)));
    }

    /** {@code always}: anything; {@code on-failure}: non-zero exits and signal deaths; {@code never}: nothing. */
    static boolean shouldRestart(RestartPolicy policy, ActionKind kind, boolean failed) {
        if (kind == ActionKind.ONESHOT && !failed) {
            return false;
        }
        return switch (policy) {
            case ALWAYS -> true;
            case ON_FAILURE -> failed;
            case NEVER -> false;
        };
    }
}
