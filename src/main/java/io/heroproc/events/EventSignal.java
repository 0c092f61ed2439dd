package io.heroproc.events;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/** Wakes the event followers (SSE streams, webhooks) when events were committed, instead of each polling. */
@ApplicationScoped
public class EventSignal {

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition written = lock.newCondition();
    private long count;

    /** Called after a transaction that stored events committed. */
    public void written() {
        lock.lock();
        try {
            count++;
            written.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** The number of commits so far: a follower reads it before looking, then waits past it. */
    public long seen() {
        lock.lock();
        try {
            return count;
        } finally {
            lock.unlock();
        }
    }

    /** Waits until a commit after {@code seen}, at most {@code millis}. */
    public void await(long seen, long millis) throws InterruptedException {
        lock.lock();
        try {
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
            while (count == seen) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return;
                }
                written.awaitNanos(left);
            }
        } finally {
            lock.unlock();
        }
    }
}
