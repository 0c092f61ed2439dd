package io.heroproc.events;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * What event followers (SSE streams, webhooks) read: the newest events, kept in memory and read
 * from the database once per commit for all of them. With a query per follower per commit, 100
 * followers made every crash cost 100 reads of the events table while the supervisor was
 * restarting the program. A follower whose cursor is older than what is kept here reads the
 * database, page by page, until it reaches what is kept.
 */
@ApplicationScoped
public class EventFeed {

    /** How many of the newest events are kept: a follower more than this far behind reads the database. */
    static final int KEPT = 1024;
    private static final int PAGE = 500;

    /** Where committed events are read from. */
    interface Source {
        List<Event> after(EventStore.Filter filter, long afterId, int limit);

        long newestId();
    }

    @Inject
    EventStore store;

    @Inject
    EventSignal signal;

    private final ReentrantLock lock = new ReentrantLock();
    private final Event[] ring = new Event[KEPT];
    /** Index in {@link #ring} of the oldest event kept, and how many are kept. */
    private int head;
    private int size;
    /** Every committed event with an id above this is kept (or not read yet); -1 until first used. */
    private long floor = -1;
    private long newest;
    /** The commit count of {@link EventSignal} when the database was last read. */
    private long readAt = -1;
    private Source source;

    EventFeed() {
    }

    EventFeed(Source source, EventSignal signal) {
        this.source = source;
        this.signal = signal;
    }

    /** Events after {@code afterId} that pass {@code filter}, oldest first, at most {@code limit}. */
    public List<Event> after(EventStore.Filter filter, long afterId, int limit) {
        long seen = signal.seen();
        lock.lock();
        try {
            catchUp(seen);
            if (afterId >= floor) {
                return kept(filter, afterId, limit);
            }
        } finally {
            lock.unlock();
        }
        return source().after(filter, afterId, limit);
    }

    /** Reads what was committed since the last read, once for every follower. */
    private void catchUp(long seen) {
        if (seen == readAt) {
            return;
        }
        Source from = source();
        if (floor < 0) {
            newest = from.newestId();
            floor = newest;
        }
        List<Event> page;
        do {
            page = from.after(EventStore.Filter.ALL, newest, PAGE);
            page.forEach(this::keep);
        } while (page.size() == PAGE);
        // The count was read before the database: a commit during the read is read next time.
        readAt = seen;
    }

    private void keep(Event e) {
        if (size == KEPT) {
            floor = ring[head].id();
            ring[head] = null;
            head = (head + 1) % KEPT;
            size--;
        }
        ring[(head + size) % KEPT] = e;
        size++;
        newest = e.id();
    }

    private List<Event> kept(EventStore.Filter filter, long afterId, int limit) {
        List<Event> out = new ArrayList<>();
        for (int i = firstAfter(afterId); i < size && out.size() < limit; i++) {
            Event e = ring[(head + i) % KEPT];
            if (filter.matches(e)) {
                out.add(e);
            }
        }
        return out;
    }

    /** The position of the first kept event with an id above {@code afterId} (ids grow along the ring). */
    private int firstAfter(long afterId) {
        int low = 0;
        int high = size;
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (ring[(head + mid) % KEPT].id() <= afterId) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low;
    }

    private Source source() {
        if (source == null) {
            source = new Source() {
                @Override
                public List<Event> after(EventStore.Filter filter, long afterId, int limit) {
                    return store.after(filter, afterId, limit);
                }

                @Override
                public long newestId() {
                    return store.newestId();
                }
            };
        }
        return source;
    }
}
