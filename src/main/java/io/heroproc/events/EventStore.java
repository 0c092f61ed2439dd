package io.heroproc.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes events in the transaction of the change they describe, and reads them back. Catalog
 * changes (the registry's JPA transactions) record through {@link #record}; the supervisor's
 * writer inserts its events with its rows through {@link #insert}. Either way the followers are
 * woken once the transaction has committed.
 */
@ApplicationScoped
public class EventStore {

    private static final String INSERT = "INSERT INTO events (ts, type, service, action, run, job, source, caller, "
            + "user_agent, message, data) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)";
    private static final String COLUMNS = "id, ts, type, service, action, run, job, source, caller, user_agent, "
            + "message, data";

    /** Which events a read wants; null fields do not filter. */
    public record Filter(String service, Set<EventType> types, Long since, Long until) {

        static final Filter ALL = new Filter(null, null, null, null);

        /** Whether {@code e} passes, as the SQL of {@link #after} would have it. */
        boolean matches(Event e) {
            long ts = e.ts().toEpochMilli();
            return (service == null || service.equals(e.service())) && (types == null || types.isEmpty()
                    || types.contains(e.type())) && (since == null || ts >= since) && (until == null || ts <= until);
        }
    }

    @Inject
    EntityManager em;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    TransactionSynchronizationRegistry transactions;

    @Inject
    EventSignal signal;

    @Inject
    ObjectMapper json;

    /** Records {@code event} in the JPA transaction under way; followers are woken if it commits. */
    public void record(Event event) {
        // Needs no pending change flushed first: an auto-flush before each insert dirty-checked
        // every entity of the transaction, and applying a manifest of 1,000 services was O(n²).
        var insert = em.createNativeQuery(INSERT).setFlushMode(jakarta.persistence.FlushModeType.COMMIT);
        Object[] values = values(event);
        for (int i = 0; i < values.length; i++) {
            insert.setParameter(i + 1, values[i]);
        }
        insert.executeUpdate();
        transactions.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
            }

            @Override
            public void afterCompletion(int status) {
                if (status == Status.STATUS_COMMITTED) {
                    signal.written();
                }
            }
        });
    }

    /** Records {@code event} in a transaction of its own, now. */
    public void recordNow(Event event) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            insert(c, List.of(event));
            c.commit();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot record " + event.type().wire() + ": " + e.getMessage(), e);
        }
        signal.written();
    }

    /** Inserts events on a JDBC connection whose transaction the caller commits (and then calls {@link EventSignal#written}). */
    public void insert(Connection c, List<Event> events) throws SQLException {
        if (events.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement(INSERT.replaceAll("\\?\\d+", "?"))) {
            for (Event e : events) {
                Object[] values = values(e);
                for (int i = 0; i < values.length; i++) {
                    if (values[i] == null) {
                        ps.setNull(i + 1, Types.NULL);
                    } else {
                        ps.setObject(i + 1, values[i]);
                    }
                }
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private Object[] values(Event e) {
        try {
            return new Object[] { e.ts().toEpochMilli(), e.type().wire(), e.service(), e.action(), e.run(), e.job(),
                e.origin().source(), e.origin().caller(), shorten(e.origin().userAgent()), e.message(),
                e.data().isEmpty() ? null : json.writeValueAsString(e.data()) };
        } catch (JsonProcessingException ex) {
            throw new IllegalArgumentException("cannot store the details of " + e.type().wire(), ex);
        }
    }

    private static String shorten(String s) {
        return s == null || s.length() <= 200 ? s : s.substring(0, 200);
    }

    /** Events newer than {@code afterId} (and older than {@code beforeId}, when not null), newest first. */
    public List<Event> newestFirst(Filter filter, long afterId, Long beforeId, int limit) {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM events WHERE id > ?");
        List<Object> args = new ArrayList<>(List.of(afterId));
        if (beforeId != null) {
            sql.append(" AND id < ?");
            args.add(beforeId);
        }
        where(sql, args, filter);
        sql.append(" ORDER BY id DESC LIMIT ?");
        args.add(limit);
        return select(sql.toString(), args);
    }

    /** Events after {@code afterId}, oldest first: what a follower sends next. */
    public List<Event> after(Filter filter, long afterId, int limit) {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM events WHERE id > ?");
        List<Object> args = new ArrayList<>(List.of(afterId));
        where(sql, args, filter);
        sql.append(" ORDER BY id LIMIT ?");
        args.add(limit);
        return select(sql.toString(), args);
    }

    /** The oldest id retention has kept (0 when there is none): ids below it were dropped. */
    public long oldestId() {
        return number("SELECT min(id) FROM events");
    }

    public long newestId() {
        return number("SELECT max(id) FROM events");
    }

    private long number(String sql) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql);
                ResultSet rs = ps.executeQuery()) {
            return rs.next() ? rs.getLong(1) : 0;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read events: " + e.getMessage(), e);
        }
    }

    private static void where(StringBuilder sql, List<Object> args, Filter f) {
        if (f.service() != null) {
            sql.append(" AND service = ?");
            args.add(f.service());
        }
        if (f.types() != null && !f.types().isEmpty()) {
            sql.append(" AND type IN (").append(String.join(", ", f.types().stream().map(t -> "?").toList()))
                    .append(")");
            f.types().forEach(t -> args.add(t.wire()));
        }
        if (f.since() != null) {
            sql.append(" AND ts >= ?");
            args.add(f.since());
        }
        if (f.until() != null) {
            sql.append(" AND ts <= ?");
            args.add(f.until());
        }
    }

    private List<Event> select(String sql, List<Object> args) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.size(); i++) {
                ps.setObject(i + 1, args.get(i));
            }
            List<Event> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(row(rs));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read events: " + e.getMessage(), e);
        }
    }

    private Event row(ResultSet rs) throws SQLException {
        String data = rs.getString(12);
        Map<String, Object> details;
        try {
            details = data == null ? Map.of() : json.readValue(data, new TypeReference<Map<String, Object>>() { });
        } catch (JsonProcessingException e) {
            details = Map.of("unreadable", data);
        }
        return new Event(rs.getLong(1), Instant.ofEpochMilli(rs.getLong(2)), EventType.parse(rs.getString(3))
                .orElseThrow(), rs.getString(4), rs.getString(5), nullableLong(rs, 6), nullableLong(rs, 7),
                new Origin(rs.getString(8), rs.getString(9), rs.getString(10)), rs.getString(11), details);
    }

    private static Long nullableLong(ResultSet rs, int column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : value;
    }
}
