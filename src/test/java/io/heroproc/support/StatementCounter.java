package io.heroproc.support;

import org.hibernate.resource.jdbc.spi.StatementInspector;

/**
 * Counts the SQL statements Hibernate prepares, per thread, so a test can prove how many queries
 * a call makes without being disturbed by other threads (HTTP workers, schedulers).
 *
 * <p>Registered for the test profile in application.properties:
 * {@code %test.quarkus.hibernate-orm.unsupported-properties."hibernate.session_factory.statement_inspector"}.
 */
public class StatementCounter implements StatementInspector {

    private static final ThreadLocal<int[]> COUNT = ThreadLocal.withInitial(() -> new int[1]);
    private static volatile boolean installed;

    @Override
    public String inspect(String sql) {
        installed = true;
        COUNT.get()[0]++;
        return sql;
    }

    /** Starts counting afresh on the calling thread. */
    public static void reset() {
        COUNT.get()[0] = 0;
    }

    /** Statements prepared on the calling thread since {@link #reset()}. */
    public static int count() {
        return COUNT.get()[0];
    }

    /** True once Hibernate has called the inspector at all (i.e. the registration took effect). */
    public static boolean installed() {
        return installed;
    }
}
