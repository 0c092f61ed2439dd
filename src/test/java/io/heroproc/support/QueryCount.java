package io.heroproc.support;

import jakarta.persistence.EntityManagerFactory;
import java.util.Arrays;
import java.util.function.Predicate;
import org.hibernate.SessionFactory;
import org.hibernate.stat.Statistics;

/** How often Hibernate ran the queries a test is about (statistics are on in the test profile). */
public final class QueryCount {

    private QueryCount() {
    }

    /** Executions so far, on every thread, of the queries whose text {@code which} accepts. */
    public static long of(EntityManagerFactory entityManagerFactory, Predicate<String> which) {
        Statistics stats = entityManagerFactory.unwrap(SessionFactory.class).getStatistics();
        return Arrays.stream(stats.getQueries()).filter(which)
                .mapToLong(q -> stats.getQueryStatistics(q).getExecutionCount()).sum();
    }
}
