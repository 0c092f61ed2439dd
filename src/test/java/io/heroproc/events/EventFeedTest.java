package io.heroproc.events;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Followers share one read of the events table per commit, and see what the SQL would have given them. */
class EventFeedTest {

    /** A table of events in memory that counts its reads. */
    private static final class Table implements EventFeed.Source {
        final List<Event> rows = new ArrayList<>();
        final AtomicInteger reads = new AtomicInteger();

        Event add(EventType type, String service) {
            Event e = new Event(rows.size() + 1, Instant.ofEpochMilli(1_000L * (rows.size() + 1)), type, service,
                    null, null, null, Origin.SUPERVISOR, type.wire(), Map.of());
            rows.add(e);
            return e;
        }

        @Override
        public List<Event> after(EventStore.Filter filter, long afterId, int limit) {
            reads.incrementAndGet();
            return rows.stream().filter(e -> e.id() > afterId && filter.matches(e)).limit(limit).toList();
        }

        @Override
        public long newestId() {
            return rows.isEmpty() ? 0 : rows.getLast().id();
        }
    }

    private static List<Long> ids(List<Event> events) {
        return events.stream().map(Event::id).toList();
    }

    @Test
    void hundredFollowersCostOneReadPerCommit() {
        Table table = new Table();
        EventSignal signal = new EventSignal();
        EventFeed feed = new EventFeed(table, signal);
        feed.after(EventStore.Filter.ALL, 0, 200);
        long[] cursors = new long[100];
        for (int commit = 1; commit <= 20; commit++) {
            table.add(EventType.JOB_EXITED, "web");
            signal.written();
            int before = table.reads.get();
            for (int f = 0; f < cursors.length; f++) {
                List<Event> next = feed.after(EventStore.Filter.ALL, cursors[f], 200);
                assertEquals(List.of((long) commit), ids(next));
                cursors[f] = next.getLast().id();
            }
            assertEquals(1, table.reads.get() - before, "reads of the table for 100 followers after commit " + commit);
        }
    }

    @Test
    void aFilteredFollowerSeesWhatTheQueryWouldGiveIt() {
        Table table = new Table();
        EventSignal signal = new EventSignal();
        EventFeed feed = new EventFeed(table, signal);
        feed.after(EventStore.Filter.ALL, 0, 10);
        for (int i = 0; i < 30; i++) {
            table.add(i % 3 == 0 ? EventType.JOB_EXITED : EventType.JOB_STARTED, i % 2 == 0 ? "web" : "db");
        }
        signal.written();
        EventStore.Filter filter = new EventStore.Filter("web", EnumSet.of(EventType.JOB_EXITED), 2_000L, 25_000L);
        assertEquals(ids(table.after(filter, 3, 1000)), ids(feed.after(filter, 3, 1000)));
        assertEquals(ids(table.after(filter, 3, 2)), ids(feed.after(filter, 3, 2)));
    }

    @Test
    void aFollowerFartherBehindThanWhatIsKeptReadsTheDatabaseWithoutSkipping() {
        Table table = new Table();
        EventSignal signal = new EventSignal();
        EventFeed feed = new EventFeed(table, signal);
        feed.after(EventStore.Filter.ALL, 0, 10);
        int total = EventFeed.KEPT + 300;
        for (int i = 0; i < total; i++) {
            table.add(EventType.JOB_STARTED, "web");
        }
        signal.written();
        List<Long> got = new ArrayList<>();
        long cursor = 0;
        List<Event> page;
        while (!(page = feed.after(EventStore.Filter.ALL, cursor, 200)).isEmpty()) {
            got.addAll(ids(page));
            cursor = page.getLast().id();
        }
        List<Long> expected = new ArrayList<>();
        for (long id = 1; id <= total; id++) {
            expected.add(id);
        }
        assertEquals(expected, got);
    }
}
