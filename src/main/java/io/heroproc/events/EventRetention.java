package io.heroproc.events;

import io.agroal.api.AgroalDataSource;
import io.heroproc.config.HeroProcConfig;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import org.jboss.logging.Logger;

/**
 * Keeps the event table within its count and age: the oldest events go first. Ids are never
 * reused, so a reader resuming below the oldest id kept knows exactly how many it missed.
 */
@ApplicationScoped
public class EventRetention {

    private static final Logger LOG = Logger.getLogger(EventRetention.class);

    @Inject
    AgroalDataSource dataSource;

    @Inject
    HeroProcConfig config;

    @Scheduled(every = "1m", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void trimOnSchedule() {
        trim();
    }

    /** Deletes what is past the count or the age; returns how many went. */
    public int trim() {
        long horizon = System.currentTimeMillis() - config.events().maxAge().toMillis();
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            int deleted;
            try (PreparedStatement byAge = c.prepareStatement("DELETE FROM events WHERE ts < ?");
                    PreparedStatement byCount = c.prepareStatement(
                            "DELETE FROM events WHERE id <= (SELECT max(id) FROM events) - ?")) {
                byAge.setLong(1, horizon);
                deleted = byAge.executeUpdate();
                byCount.setLong(1, config.events().maxCount());
                deleted += byCount.executeUpdate();
            }
            c.commit();
            return deleted;
        } catch (SQLException e) {
            LOG.warnf("event retention failed (it runs again in a minute): %s", e.toString());
            return 0;
        }
    }
}
