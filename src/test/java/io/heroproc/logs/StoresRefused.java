package io.heroproc.logs;

import io.agroal.api.AgroalDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/** While open, every store of log chunks fails, as on a full disk: the table is renamed away, and back on close. */
final class StoresRefused implements AutoCloseable {

    private final AgroalDataSource dataSource;

    private StoresRefused(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    static StoresRefused on(AgroalDataSource dataSource) throws SQLException {
        StoresRefused refused = new StoresRefused(dataSource);
        refused.sql("ALTER TABLE log_chunks RENAME TO log_chunks_away");
        return refused;
    }

    @Override
    public void close() throws SQLException {
        sql("ALTER TABLE log_chunks_away RENAME TO log_chunks");
    }

    private void sql(String statement) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute(statement);
        }
    }
}
