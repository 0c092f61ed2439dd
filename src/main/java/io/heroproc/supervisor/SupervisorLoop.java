package io.heroproc.supervisor;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * The single thread on which every supervision decision is taken. Exits, timers, API commands
 * and ticks are all posted here, so no two threads ever decide about the same service, and the
 * in-memory run state needs no locks. A failing command is logged; the loop goes on.
 */
final class SupervisorLoop {

    private static final Logger LOG = Logger.getLogger(SupervisorLoop.class);

    private final BlockingQueue<Runnable> inbox = new LinkedBlockingQueue<>();
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("hero-proc-timers").daemon().factory());
    private final Thread thread = Thread.ofPlatform().name("hero-proc-reconciler").daemon().unstarted(this::run);
    private volatile boolean running = true;
    private volatile java.util.function.LongConsumer commandNanos = n -> { };

    int depth() {
        return inbox.size();
    }

    /** Where the time each command took goes (metrics). */
    void timed(java.util.function.LongConsumer sink) {
        commandNanos = sink;
    }

    void start() {
        thread.start();
    }

    void post(Runnable command) {
        inbox.add(command);
    }

    /** Runs {@code command} on the loop and completes with its result. */
    <T> CompletableFuture<T> call(Supplier<T> command) {
        CompletableFuture<T> result = new CompletableFuture<>();
        post(() -> {
            try {
                result.complete(command.get());
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        });
        return result;
    }

    /** Posts {@code command} to the loop after {@code delay}. */
    ScheduledFuture<?> later(Duration delay, Runnable command) {
        return timers.schedule(() -> post(command), Math.max(0, delay.toMillis()), TimeUnit.MILLISECONDS);
    }

    /**
     * The single-thread rule: the run and job state is touched by the loop thread only, which is
     * why it needs no locks. Entry points call this; a breach is a programming error, refused.
     */
    void assertOnLoop() {
        if (Thread.currentThread() != thread) {
            throw new IllegalStateException("supervisor state touched off the loop thread, by "
                    + Thread.currentThread().getName());
        }
    }

    void stop() {
        running = false;
        post(() -> {
        });
        timers.shutdownNow();
    }

    private void run() {
        while (running) {
            Runnable command;
            try {
                command = inbox.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            long began = System.nanoTime();
            try {
                command.run();
            } catch (RuntimeException | Error e) {
                LOG.error("supervisor command failed; the loop goes on", e);
            }
            commandNanos.accept(System.nanoTime() - began);
        }
    }
}
