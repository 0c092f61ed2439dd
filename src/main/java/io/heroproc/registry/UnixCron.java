package io.heroproc.registry;

import com.cronutils.model.Cron;
import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Optional;

/**
 * Five-field cron expressions (minute hour day-of-month month day-of-week), read by cron-utils
 * with its Unix definition: the same reading Quarkus Scheduler makes of them under
 * {@code quarkus.scheduler.cron-type=unix}, so what the API accepts is what fires. Times are in
 * the system time zone, as the scheduler's.
 */
public final class UnixCron {

    private final ExecutionTime times;

    private UnixCron(Cron cron) {
        this.times = ExecutionTime.forCron(cron);
    }

    /** @throws IllegalArgumentException with cron-utils' reason when the text is not a five-field expression */
    public static UnixCron parse(String expression) {
        Cron cron = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX)).parse(expression);
        cron.validate();
        return new UnixCron(cron);
    }

    /** The first fire time strictly after {@code after}; empty if it never fires again (30 February). */
    public Optional<Instant> next(Instant after) {
        return times.nextExecution(after.atZone(ZoneId.systemDefault())).map(t -> t.toInstant());
    }

    /** The latest fire time strictly before {@code before}. */
    public Optional<Instant> last(Instant before) {
        return times.lastExecution(before.atZone(ZoneId.systemDefault())).map(t -> t.toInstant());
    }
}
