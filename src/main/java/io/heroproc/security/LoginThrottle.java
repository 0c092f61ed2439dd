package io.heroproc.security;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Slows down token guessing, per client address: a few wrong tries are free, then each further
 * one must wait twice as long as the last (2 s, 4 s, 8 s … up to 15 min), and until that wait is
 * over even the right token is refused, or the wait would not slow a guesser at all. A client
 * that stays quiet for 15 minutes starts afresh; a right token clears its count.
 */
@ApplicationScoped
public class LoginThrottle {

    static final int FREE_FAILURES = 5;
    static final Duration FIRST_WAIT = Duration.ofSeconds(2);
    static final Duration MAX_WAIT = Duration.ofMinutes(15);
    static final int MAX_CLIENTS = 10_000;

    private record Failures(int count, long lastNanos, long blockedUntilNanos) {
    }

    private final Map<String, Failures> clients = new ConcurrentHashMap<>();
    private final LongSupplier nanoTime;

    public LoginThrottle() {
        this(System::nanoTime);
    }

    LoginThrottle(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
    }

    /** How long {@code client} must wait before its next try is looked at; zero when it may try now. */
    Duration wait(String client) {
        Failures f = live(client);
        long left = f == null ? 0 : f.blockedUntilNanos - nanoTime.getAsLong();
        return left > 0 ? Duration.ofNanos(left) : Duration.ZERO;
    }

    void failed(String client) {
        long now = nanoTime.getAsLong();
        Failures before = live(client);
        int count = before == null ? 1 : before.count + 1;
        long blocked = count < FREE_FAILURES ? now
                : now + Math.min(MAX_WAIT.toNanos(), FIRST_WAIT.toNanos() << Math.min(30, count - FREE_FAILURES));
        if (clients.size() >= MAX_CLIENTS) {
            forgetQuiet(now);
        }
        clients.put(client, new Failures(count, now, blocked));
    }

    void succeeded(String client) {
        clients.remove(client);
    }

    private Failures live(String client) {
        Failures f = clients.get(client);
        if (f != null && nanoTime.getAsLong() - f.lastNanos > MAX_WAIT.toNanos()
                && nanoTime.getAsLong() - f.blockedUntilNanos > 0) {
            clients.remove(client, f);
            return null;
        }
        return f;
    }

    private void forgetQuiet(long now) {
        clients.values().removeIf(f -> now - f.lastNanos > MAX_WAIT.toNanos() && now - f.blockedUntilNanos > 0);
        if (clients.size() >= MAX_CLIENTS) {
            clients.clear(); // a flood of addresses: forgetting all is better than growing without bound
        }
    }
}
