package io.heroproc.process;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Set;
import java.util.function.BiPredicate;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Tells when things (a process group, a job's processes) are gone, for every waiter at once: one
 * look at the system ({@code snapshot}) per tick answers all of them. A look per waiter costs
 * O(waiters × processes): stopping 1,000 services that way kept both cores busy reading
 * {@code /proc} for half a minute. The watching thread runs only while someone waits.
 *
 * @param <S> what one look at the system gives
 * @param <K> what a waiter waits for the end of
 */
final class GoneWatch<S, K> {

    private static final Logger LOG = Logger.getLogger(GoneWatch.class);
    /** Also the least a stop waits for an answer, so a late check still sees one look. */
    static final long TICK_MILLIS = 20;

    private final String name;
    private final Function<Set<K>, S> snapshot;
    private final BiPredicate<S, K> gone;
    private final Map<CompletableFuture<Void>, K> waiters = new ConcurrentHashMap<>();
    private boolean watching;

    GoneWatch(String name, Supplier<S> snapshot, BiPredicate<S, K> gone) {
        this(name, keys -> snapshot.get(), gone);
    }

    /** With a look that needs to see only what is waited for ({@code snapshot} is given those keys). */
    GoneWatch(String name, Function<Set<K>, S> snapshot, BiPredicate<S, K> gone) {
        this.name = name;
        this.snapshot = snapshot;
        this.gone = gone;
    }

    /** Completes once {@code key} is gone; cancel it to stop waiting. */
    CompletableFuture<Void> gone(K key) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        waiters.put(done, key);
        synchronized (this) {
            if (!watching) {
                watching = true;
                Thread.ofPlatform().name(name).daemon().start(this::run);
            }
        }
        return done;
    }

    private void run() {
        try {
            while (true) {
                synchronized (this) {
                    waiters.keySet().removeIf(CompletableFuture::isDone);
                    if (waiters.isEmpty()) {
                        watching = false;
                        return;
                    }
                }
                try {
                    S now = snapshot.apply(Set.copyOf(waiters.values()));
                    waiters.forEach((done, key) -> {
                        if (gone.test(now, key)) {
                            done.complete(null);
                        }
                    });
                } catch (RuntimeException e) {
                    LOG.warnf("%s: cannot look at the processes: %s", name, e.toString());
                }
                Thread.sleep(TICK_MILLIS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            synchronized (this) {
                watching = false; // the next wait starts a new thread
            }
        }
    }
}
