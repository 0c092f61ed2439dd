package io.heroproc.schedule;

import io.heroproc.registry.ScheduleDef;
import io.heroproc.registry.UnixCron;
import java.time.Instant;
import java.util.Optional;

/**
 * The missed-fire rule. hero-proc runs nothing while it is down; at boot, a schedule that should
 * have fired since the service last started (or since the service was last changed, if later)
 * gets one catch-up run, however many fires were missed. Then the schedule goes on as usual.
 */
final class MissedFires {

    private MissedFires() {
    }

    /** The latest fire time in ({@code since}, {@code now}], if there is one. */
    static Optional<Instant> latest(ScheduleDef schedule, Instant since, Instant now) {
        if (schedule.cron() != null) {
            return UnixCron.parse(schedule.cron()).last(now.plusMillis(1)).filter(t -> t.isAfter(since));
        }
        Instant due = since.plus(schedule.every());
        if (due.isAfter(now)) {
            return Optional.empty();
        }
        long missed = (now.toEpochMilli() - since.toEpochMilli()) / schedule.everyMs();
        return Optional.of(since.plusMillis(missed * schedule.everyMs()));
    }
}
