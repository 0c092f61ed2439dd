package io.heroproc.api;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.subscription.BackPressureStrategy;
import io.smallrye.mutiny.subscription.MultiEmitter;
import jakarta.ws.rs.sse.OutboundSseEvent;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.LongFunction;
import java.util.function.ToLongFunction;
import org.jboss.logging.Logger;

/**
 * A Server-Sent Events stream that follows rows as they are stored: what is there after the
 * cursor, then what comes. It is a {@link Multi} that RESTEasy subscribes to once it has written
 * the response head, and completes and closes itself, so the follower never races RESTEasy's own
 * writes. Rows are read only as fast as the client takes them (one event per request of the
 * subscriber): a slow reader costs no memory.
 */
final class SseFollow {

    private static final Logger LOG = Logger.getLogger(SseFollow.class);

    /** How new rows are waited for: a count read before looking, then a wait past it. */
    interface Signal {
        long seen();

        void await(long seen, long millis) throws InterruptedException;
    }

    /**
     * What the stream needs: the next page after a cursor, each row's cursor and event, what comes
     * first for a cursor (a gap marker, or none), and the end (none: it follows for good).
     */
    record Source<T>(LongFunction<List<T>> page, ToLongFunction<T> cursor, Function<T, OutboundSseEvent> event,
            LongFunction<OutboundSseEvent> first, java.util.function.Supplier<OutboundSseEvent> end) {
    }

    private SseFollow() {
    }

    static <T> Multi<OutboundSseEvent> follow(String name, long start, Source<T> source, Signal signal) {
        return Multi.createFrom().emitter(emitter -> {
            Demand demand = new Demand();
            emitter.onRequest(n -> demand.signal());
            Thread follower = Thread.ofVirtual().name(name).start(() -> {
                try {
                    loop(emitter, demand, start, source, signal);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (RuntimeException e) {
                    if (emitter.isCancelled()) {
                        // The client left: its interrupt cut a read short ("Interrupted while acquiring").
                        return;
                    }
                    LOG.debugf("%s ended: %s", name, e.toString());
                    emitter.fail(e);
                }
            });
            emitter.onTermination(follower::interrupt);
        }, BackPressureStrategy.ERROR);
    }

    private static <T> void loop(MultiEmitter<? super OutboundSseEvent> emitter, Demand demand, long start,
            Source<T> source, Signal signal) throws InterruptedException {
        long after = start;
        OutboundSseEvent first = source.first().apply(after);
        if (first != null) {
            demand.await(emitter);
            emitter.emit(first);
        }
        while (!emitter.isCancelled()) {
            long seen = signal.seen();
            OutboundSseEvent end = source.end().get();
            List<T> rows = source.page().apply(after);
            for (T row : rows) {
                demand.await(emitter);
                if (emitter.isCancelled()) {
                    return;
                }
                after = source.cursor().applyAsLong(row);
                emitter.emit(source.event().apply(row));
            }
            if (rows.isEmpty()) {
                if (end != null) {
                    demand.await(emitter);
                    emitter.emit(end);
                    emitter.complete();
                    return;
                }
                signal.await(seen, 1000);
            }
        }
    }

    /** Waits for the subscriber to ask for the next event. */
    private static final class Demand {
        private final ReentrantLock lock = new ReentrantLock();
        private final Condition requested = lock.newCondition();

        void signal() {
            lock.lock();
            try {
                requested.signalAll();
            } finally {
                lock.unlock();
            }
        }

        void await(MultiEmitter<?> emitter) throws InterruptedException {
            lock.lock();
            try {
                while (emitter.requested() == 0 && !emitter.isCancelled()) {
                    requested.await(1, TimeUnit.SECONDS);
                }
            } finally {
                lock.unlock();
            }
        }
    }
}
