package io.heroproc.web;

import io.heroproc.model.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/**
 * Tick marks of a time axis at round wall-clock times (every 5 s, 1 min, 15 min, 1 h, …), about
 * {@code count} of them (one more at most), labelled in the supervisor's time zone like the
 * reasons are.
 */
final class TimeAxis {

    private static final long[] STEPS_SECONDS = { 1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200,
            10800, 21600, 43200, 86400 };

    /** A tick: its time and where it falls, 0 to 1 along the axis. */
    record Tick(Instant at, double position, String label) {
    }

    private TimeAxis() {
    }

    static List<Tick> ticks(Instant from, Instant to, int count) {
        long span = Math.max(1, Duration.between(from, to).toSeconds());
        long step = STEPS_SECONDS[STEPS_SECONDS.length - 1];
        for (long s : STEPS_SECONDS) {
            if (span / s <= count + 1) {
                step = s;
                break;
            }
        }
        // Round in local time, so an hourly tick falls on the hour in zones with a half-hour offset.
        long offset = ZoneId.systemDefault().getRules().getOffset(from).getTotalSeconds();
        long first = Math.floorDiv(from.getEpochSecond() + offset + step - 1, step) * step - offset;
        double spanMillis = Math.max(1, Duration.between(from, to).toMillis());
        List<Tick> ticks = new ArrayList<>();
        for (long t = first; t <= to.getEpochSecond(); t += step) {
            Instant at = Instant.ofEpochSecond(t);
            String label = step >= 60 ? Clock.hms(at).substring(0, 5) : Clock.hms(at);
            ticks.add(new Tick(at, Duration.between(from, at).toMillis() / spanMillis, label));
        }
        return ticks;
    }
}
