package io.heroproc.registry;

import io.heroproc.model.Overlap;
import io.heroproc.model.Service;
import java.time.Duration;

/** A validated schedule: a five-field {@code cron} expression or an interval {@code everyMs}, never both. */
public record ScheduleDef(String cron, Long everyMs, Overlap overlap) {

    /** The schedule of a stored service; null when it has none. */
    static ScheduleDef of(Service s) {
        if (s.scheduleCron == null && s.scheduleEveryMs == null) {
            return null;
        }
        return new ScheduleDef(s.scheduleCron, s.scheduleEveryMs, s.scheduleOverlap == null ? Overlap.SKIP
                : s.scheduleOverlap);
    }

    public Duration every() {
        return everyMs == null ? null : Duration.ofMillis(everyMs);
    }

    /** As a client writes it. */
    public ServiceSpec.Schedule spec() {
        return new ServiceSpec.Schedule(cron, everyMs == null ? null : DurationText.format(everyMs), overlap.wire());
    }

    /** "cron 0 3 * * *" or "every 30s", for messages. */
    public String describe() {
        return cron != null ? "cron " + cron : "every " + DurationText.format(everyMs);
    }
}
