package io.heroproc.support;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Collects what the application logs at ERROR (or worse) while open: a {@code @QuarkusTest} runs the
 * application in the test's JVM, so a test can prove that a scenario left no error behind.
 */
public final class ErrorLog extends Handler implements AutoCloseable {

    private final List<String> records = new ArrayList<>();

    public static ErrorLog open() {
        ErrorLog log = new ErrorLog();
        log.setLevel(Level.SEVERE);
        Logger.getLogger("").addHandler(log);
        return log;
    }

    @Override
    public synchronized void publish(LogRecord record) {
        if (record.getLevel().intValue() >= Level.SEVERE.intValue()) {
            Throwable t = record.getThrown();
            records.add("[" + record.getLoggerName() + "] " + record.getMessage() + (t == null ? "" : ": " + t));
        }
    }

    public synchronized List<String> records() {
        return List.copyOf(records);
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        Logger.getLogger("").removeHandler(this);
    }
}
