package io.heroproc.config;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Derives the SQLite JDBC URL from {@code hero-proc.data-dir} and creates that directory.
 *
 * <p>It has to happen while configuration is assembled: the datasource and Flyway start before
 * any CDI observer could create the directory, and sqlite-jdbc does not create parent
 * directories. Both are made private to hero-proc's user first (see {@link PrivateFiles}). The URL carries the storage settings learned on this stack: WAL, a busy timeout,
 * and IMMEDIATE transactions (deferred ones fail with SQLITE_BUSY under concurrent writers).
 * An explicit {@code quarkus.datasource.jdbc.url} elsewhere wins (this source has a low ordinal).
 */
public class DataDirConfigSourceFactory implements ConfigSourceFactory {

    static final String DATA_DIR = "hero-proc.data-dir";
    static final String DATABASE_FILE = "hero-proc.db";
    private static final int ORDINAL = 50;

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        ConfigValue value = context.getValue(DATA_DIR);
        if (value == null || value.getValue() == null || value.getValue().isBlank()) {
            return List.of();
        }
        Path dir = Path.of(value.getValue()).toAbsolutePath().normalize();
        try {
            PrivateFiles.directory(dir);
            PrivateFiles.database(dir.resolve(DATABASE_FILE));
        } catch (IOException e) {
            throw new UncheckedIOException("hero-proc cannot prepare its data directory " + dir + ": " + e, e);
        }
        return List.of(new PropertiesConfigSource(
                Map.of("quarkus.datasource.jdbc.url", jdbcUrl(dir)), "hero-proc-data-dir", ORDINAL));
    }

    static String jdbcUrl(Path dir) {
        return "jdbc:sqlite:" + dir.resolve(DATABASE_FILE)
                + "?journal_mode=WAL&synchronous=NORMAL&busy_timeout=10000"
                + "&transaction_mode=IMMEDIATE&foreign_keys=true";
    }
}
