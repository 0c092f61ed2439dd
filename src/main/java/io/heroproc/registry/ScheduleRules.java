package io.heroproc.registry;

import io.heroproc.model.Overlap;
import io.heroproc.model.WireEnum;
import java.time.Duration;

/** The rules of a service's {@code schedule}: cron or every (not both), a floor on every, a known overlap. */
final class ScheduleRules {

    /** Quarkus Scheduler looks at its triggers once a second: a shorter or fractional interval would drift. */
    static final Duration MIN_EVERY = Duration.ofSeconds(1);
    static final Duration MAX_EVERY = Duration.ofDays(366);
    private static final int MAX_CRON_LENGTH = 200;

    private ScheduleRules() {
    }

    /** Null when there is no schedule (or it is too broken to describe one; the violations say why). */
    static ScheduleDef check(ServiceSpec.Schedule spec, Violations v) {
        if (spec == null) {
            return null;
        }
        Violations s = v.under("schedule");
        boolean hasCron = spec.cron() != null;
        boolean hasEvery = spec.every() != null;
        if (hasCron && hasEvery) {
            s.add("", "has both cron and every: give one of them");
        } else if (!hasCron && !hasEvery) {
            s.add("", "needs cron (a five-field expression such as \"*/5 * * * *\") or every (such as \"30s\")");
        }
        String cron = hasCron ? cron(s, spec.cron().trim()) : null;
        Long every = hasEvery ? every(s, spec.every()) : null;
        Overlap overlap = spec.overlap() == null ? Overlap.SKIP : WireEnum.parse(Overlap.class, spec.overlap())
                .orElseGet(() -> {
                    s.add("overlap", "must be one of " + WireEnum.choices(Overlap.class) + ", got '"
                            + Rules.shorten(spec.overlap()) + "'");
                    return Overlap.SKIP;
                });
        return cron == null && every == null ? null : new ScheduleDef(cron, every, overlap);
    }

    private static String cron(Violations s, String cron) {
        if (cron.length() > MAX_CRON_LENGTH || Rules.hasNul(cron)) {
            s.add("cron", "is not a cron expression (at most " + MAX_CRON_LENGTH + " characters)");
            return null;
        }
        try {
            UnixCron.parse(cron);
            return cron;
        } catch (IllegalArgumentException e) {
            s.add("cron", "'" + Rules.shorten(cron) + "' is not a five-field cron expression (minute hour "
                    + "day-of-month month day-of-week, e.g. \"*/5 * * * *\"): " + e.getMessage());
            return null;
        }
    }

    private static Long every(Violations s, String every) {
        var d = DurationText.parse(every);
        if (d.isEmpty()) {
            s.add("every", "'" + Rules.shorten(every) + "' is not a duration (use 30s, 5m, 1h or PT30S)");
            return null;
        }
        if (d.get().compareTo(MIN_EVERY) < 0 || d.get().compareTo(MAX_EVERY) > 0) {
            s.add("every", "must be between " + DurationText.format(MIN_EVERY.toMillis()) + " and "
                    + DurationText.format(MAX_EVERY.toMillis()) + ", got " + Rules.shorten(every));
            return null;
        }
        if (d.get().toMillis() % 1000 != 0) {
            s.add("every", "must be whole seconds (the scheduler ticks once a second), got " + Rules.shorten(every));
            return null;
        }
        return d.get().toMillis();
    }
}
